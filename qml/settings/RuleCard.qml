pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// One alert rule in the rules form (Settings): its id, severity, conditions, window and
// headline, each field marked when a refused save names it, and the refusal beside it.
Frame {
    id: card

    required property int index
    // The rule as the form holds it (AlertRulesController.ruleRows).
    required property var modelData
    required property AlertRulesController alertRules
    // Why the last save was refused (the card's status line), shown on the rule it names.
    required property string refusal

    objectName: "ruleCard_" + card.index
    Layout.fillWidth: true
    padding: 8
    background: Rectangle {
        color: "#fafafa"
        border.color: card.alertRules.errorRow === card.index + 1 ? "#b00020" : "#d0d0d0"
        radius: 4
    }

    GridLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        columns: 4
        columnSpacing: 8
        rowSpacing: 4

        Label {
            Layout.columnSpan: 4
            Layout.fillWidth: true
            text: qsTr("Rule %1").arg(card.index + 1)
            font.bold: true
        }

        Label { text: qsTr("Id") }
        RuleField { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "id"; text: card.modelData.id }
        Label { text: qsTr("Severity") }
        ComboBox {
            id: severityBox

            objectName: "rule" + card.index + "_severity"
            Layout.fillWidth: true
            model: card.alertRules.severities
            enabled: card.alertRules.canEdit
            currentIndex: card.alertRules.severities.indexOf(card.modelData.severity)
            onActivated: card.alertRules.setRuleField(card.index, "severity", severityBox.currentText)
        }

        Label { text: qsTr("Title") }
        RuleField { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "title"; text: card.modelData.title; Layout.columnSpan: 3 }

        Label { text: qsTr("Found classes") }
        ChoiceList { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "foundClasses"; value: card.modelData.foundClasses; choices: card.alertRules.substanceClasses }
        Label { text: qsTr("Found substances") }
        RuleField { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "foundSubstances"; text: card.modelData.foundSubstances }

        Label { text: qsTr("Sold as classes") }
        ChoiceList { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "soldAsClasses"; value: card.modelData.soldAsClasses; choices: card.alertRules.substanceClasses }
        Label { text: qsTr("Not sold as") }
        ChoiceList { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "notSoldAsClasses"; value: card.modelData.notSoldAsClasses; choices: card.alertRules.substanceClasses }

        CheckBox {
            objectName: "rule" + card.index + "_neverSeenBefore"
            Layout.columnSpan: 2
            text: qsTr("A substance never seen before here")
            checked: card.modelData.neverSeenBefore
            enabled: card.alertRules.canEdit
            onToggled: card.alertRules.setRuleField(card.index, "neverSeenBefore", checked)
        }
        Label { text: qsTr("Ignoring classes") }
        ChoiceList { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "ignoreClasses"; value: card.modelData.ignoreClasses; choices: card.alertRules.substanceClasses }

        Label { text: qsTr("Forms") }
        ChoiceList { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "forms"; value: card.modelData.forms; choices: card.alertRules.forms }
        Label { text: qsTr("Regions (empty: all)") }
        ChoiceList { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "regions"; value: card.modelData.regions; choices: card.alertRules.regions }

        Label { text: qsTr("Dose of") }
        RuleField { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "doseSubstance"; text: card.modelData.doseSubstance; placeholderText: qsTr("substance (optional)") }
        Label { text: qsTr("Above / at most mg") }
        RowLayout {
            Layout.fillWidth: true

            RuleField { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "doseAboveMg"; text: card.modelData.doseAboveMg }
            RuleField { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "doseAtMostMg"; text: card.modelData.doseAtMostMg; placeholderText: qsTr("no limit") }
        }

        Label { text: qsTr("Window (weeks)") }
        RuleField { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "windowWeeks"; text: card.modelData.windowWeeks; placeholderText: qsTr("1 to 52") }
        Label { text: qsTr("Headline") }
        RuleField { alertRules: card.alertRules; refusal: card.refusal; row: card.index; key: "headline"; text: card.modelData.headline; placeholderText: qsTr("{found} in drugs sold as {sold_as}") }

        // The refusal, on the rule it is about.
        Label {
            objectName: "ruleError_" + card.index
            Layout.columnSpan: 3
            Layout.fillWidth: true
            visible: card.alertRules.errorRow === card.index + 1
            text: visible ? card.refusal : ""
            color: "#b00020"
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
        }
        Button {
            objectName: "removeRule_" + card.index
            Layout.alignment: Qt.AlignRight
            text: qsTr("Remove rule")
            enabled: card.alertRules.canEdit
            onClicked: card.alertRules.removeRule(card.index)
        }
    }
}
