pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The alert rules and the safer-use advice on alerts (coordinator or admin), each in a
// form (one card per rule, one row per advice class, drop-downs for the choices) and as
// JSON for power users. Both are checked by the same validator; a refused form marks the
// rule and field it names and says why in plain words there and beside Save.
ColumnLayout {
    id: root

    spacing: 12

    // Which card's status line the controller's next message is for.
    property string editing: "rules"

    // Puts the cursor on the line a refused text was refused at, selected, and shows it.
    function showLine(area: TextArea, line: int): void {
        if (line < 1)
            return;
        const lines = area.text.split("\n");
        let start = 0;
        for (let i = 0; i < line - 1 && i < lines.length; ++i)
            start += lines[i].length + 1;
        const end = start + (line - 1 < lines.length ? lines[line - 1].length : 0);
        area.forceActiveFocus();
        area.select(start, end);
    }

    AlertRulesController {
        id: alertRules

        onSaved: message => {
            const label = root.editing === "rules" ? rulesStatus : adviceStatus;
            label.color = "#1b5e20";
            label.text = message;
        }
        onErrorOccurred: message => {
            const label = root.editing === "rules" ? rulesStatus : adviceStatus;
            label.color = "#b00020";
            label.text = message;
        }
    }

    // A text field of rule `row`, marked when the last refused save named it.
    component RuleField: TextField {
        id: field

        required property int row
        required property string key

        readonly property bool wrong: alertRules.errorRow === field.row + 1 && alertRules.errorField === field.key

        objectName: "rule" + field.row + "_" + field.key
        Layout.fillWidth: true
        readOnly: !alertRules.canEdit
        onTextEdited: alertRules.setRuleField(field.row, field.key, field.text)
        background: Rectangle {
            implicitHeight: 32
            color: field.readOnly ? "#f4f4f4" : "white"
            border.width: field.wrong ? 2 : 1
            border.color: field.wrong ? "#b00020" : (field.activeFocus ? "#1f6fb2" : "#b0b0b0")
            radius: 2
        }
        Accessible.description: field.wrong ? rulesStatus.text : ""

        // Focus goes to the field a refused save names.
        Connections {
            target: alertRules

            function onErrorPlaceChanged(): void {
                if (field.wrong)
                    field.forceActiveFocus();
            }
        }
    }

    // A list of names (comma-separated) with a drop-down that adds one of the choices.
    component ChoiceList: RowLayout {
        id: choice

        required property int row
        required property string key
        required property string value
        required property var choices

        Layout.fillWidth: true
        spacing: 4

        RuleField {
            id: listField

            row: choice.row
            key: choice.key
            text: choice.value
        }
        ComboBox {
            objectName: "rule" + choice.row + "_" + choice.key + "_add"
            Layout.preferredWidth: 110
            model: choice.choices
            currentIndex: -1
            displayText: qsTr("+ add")
            enabled: alertRules.canEdit
            onActivated: index => {
                listField.text = alertRules.withChoice(listField.text, choice.choices[index]);
                alertRules.setRuleField(choice.row, choice.key, listField.text);
                currentIndex = -1;
            }
        }
    }

    SectionCard {
        title: qsTr("Alert rules")
        Layout.fillWidth: true

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: (alertRules.rulesEdited ? qsTr("Edited rules are in force.") : qsTr("The shipped rules (data/alert-rules.json) are in force."))
                  + " " + qsTr("Each rule turns verified findings into draft alerts when all its conditions hold. A rule with a mistake is refused with what is wrong, and the rules in force stay.")
                  + (alertRules.canEdit ? "" : " " + qsTr("Only a coordinator or an admin can change them."))
        }

        TabBar {
            id: rulesTabs

            Layout.fillWidth: true

            TabButton {
                objectName: "rulesFormTab"
                text: qsTr("Form")
            }
            TabButton {
                objectName: "rulesJsonTab"
                text: qsTr("JSON (for power users)")
            }
        }

        StackLayout {
            Layout.fillWidth: true
            currentIndex: rulesTabs.currentIndex

            ColumnLayout {
                spacing: 8

                Repeater {
                    model: alertRules.ruleRows

                    delegate: Frame {
                        id: card

                        required property int index
                        required property var modelData

                        objectName: "ruleCard_" + card.index
                        Layout.fillWidth: true
                        padding: 8
                        background: Rectangle {
                            color: "#fafafa"
                            border.color: alertRules.errorRow === card.index + 1 ? "#b00020" : "#d0d0d0"
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
                            RuleField { row: card.index; key: "id"; text: card.modelData.id }
                            Label { text: qsTr("Severity") }
                            ComboBox {
                                id: severityBox

                                objectName: "rule" + card.index + "_severity"
                                Layout.fillWidth: true
                                model: alertRules.severities
                                enabled: alertRules.canEdit
                                currentIndex: alertRules.severities.indexOf(card.modelData.severity)
                                onActivated: alertRules.setRuleField(card.index, "severity", severityBox.currentText)
                            }

                            Label { text: qsTr("Title") }
                            RuleField { row: card.index; key: "title"; text: card.modelData.title; Layout.columnSpan: 3 }

                            Label { text: qsTr("Found classes") }
                            ChoiceList { row: card.index; key: "foundClasses"; value: card.modelData.foundClasses; choices: alertRules.substanceClasses }
                            Label { text: qsTr("Found substances") }
                            RuleField { row: card.index; key: "foundSubstances"; text: card.modelData.foundSubstances }

                            Label { text: qsTr("Sold as classes") }
                            ChoiceList { row: card.index; key: "soldAsClasses"; value: card.modelData.soldAsClasses; choices: alertRules.substanceClasses }
                            Label { text: qsTr("Not sold as") }
                            ChoiceList { row: card.index; key: "notSoldAsClasses"; value: card.modelData.notSoldAsClasses; choices: alertRules.substanceClasses }

                            CheckBox {
                                objectName: "rule" + card.index + "_neverSeenBefore"
                                Layout.columnSpan: 2
                                text: qsTr("A substance never seen before here")
                                checked: card.modelData.neverSeenBefore
                                enabled: alertRules.canEdit
                                onToggled: alertRules.setRuleField(card.index, "neverSeenBefore", checked)
                            }
                            Label { text: qsTr("Ignoring classes") }
                            ChoiceList { row: card.index; key: "ignoreClasses"; value: card.modelData.ignoreClasses; choices: alertRules.substanceClasses }

                            Label { text: qsTr("Forms") }
                            ChoiceList { row: card.index; key: "forms"; value: card.modelData.forms; choices: alertRules.forms }
                            Label { text: qsTr("Regions (empty: all)") }
                            ChoiceList { row: card.index; key: "regions"; value: card.modelData.regions; choices: alertRules.regions }

                            Label { text: qsTr("Dose of") }
                            RuleField { row: card.index; key: "doseSubstance"; text: card.modelData.doseSubstance; placeholderText: qsTr("substance (optional)") }
                            Label { text: qsTr("Above / at most mg") }
                            RowLayout {
                                Layout.fillWidth: true

                                RuleField { row: card.index; key: "doseAboveMg"; text: card.modelData.doseAboveMg }
                                RuleField { row: card.index; key: "doseAtMostMg"; text: card.modelData.doseAtMostMg; placeholderText: qsTr("no limit") }
                            }

                            Label { text: qsTr("Window (weeks)") }
                            RuleField { row: card.index; key: "windowWeeks"; text: card.modelData.windowWeeks; placeholderText: qsTr("1 to 52") }
                            Label { text: qsTr("Headline") }
                            RuleField { row: card.index; key: "headline"; text: card.modelData.headline; placeholderText: qsTr("{found} in drugs sold as {sold_as}") }

                            // The refusal, on the rule it is about.
                            Label {
                                objectName: "ruleError_" + card.index
                                Layout.columnSpan: 3
                                Layout.fillWidth: true
                                visible: alertRules.errorRow === card.index + 1
                                text: visible ? rulesStatus.text : ""
                                color: "#b00020"
                                wrapMode: Text.Wrap
                                Accessible.role: Accessible.AlertMessage
                            }
                            Button {
                                objectName: "removeRule_" + card.index
                                Layout.alignment: Qt.AlignRight
                                text: qsTr("Remove rule")
                                enabled: alertRules.canEdit
                                onClicked: alertRules.removeRule(card.index)
                            }
                        }
                    }
                }

                RowLayout {
                    spacing: 8

                    Button {
                        objectName: "saveRuleFormButton"
                        text: qsTr("Save rules")
                        highlighted: true
                        enabled: alertRules.canEdit
                        onClicked: {
                            root.editing = "rules";
                            alertRules.saveRuleForm();
                        }
                    }
                    Button {
                        objectName: "addRuleButton"
                        text: qsTr("Add a rule")
                        enabled: alertRules.canEdit
                        onClicked: {
                            root.editing = "rules";
                            alertRules.addRule();
                        }
                    }
                    Button {
                        text: qsTr("Undo my changes")
                        enabled: alertRules.canEdit
                        onClicked: alertRules.reload()
                    }
                }
            }

            ColumnLayout {
                spacing: 8

                ScrollView {
                    Layout.fillWidth: true
                    Layout.preferredHeight: 320

                    TextArea {
                        id: rulesArea

                        objectName: "rulesArea"
                        background: Rectangle {
                            color: "white"
                            border.color: "#b0b0b0"
                        }
                        text: alertRules.rulesText
                        readOnly: !alertRules.canEdit
                        font.family: "monospace"
                        font.pixelSize: 12
                        wrapMode: TextEdit.NoWrap
                        selectByMouse: true
                    }
                }
                RowLayout {
                    spacing: 8

                    Button {
                        objectName: "saveRulesButton"
                        text: qsTr("Save rules")
                        enabled: alertRules.canEdit
                        onClicked: {
                            root.editing = "rules";
                            if (!alertRules.saveRules(rulesArea.text))
                                root.showLine(rulesArea, alertRules.errorLine);
                        }
                    }
                    Button {
                        text: qsTr("Undo my changes")
                        enabled: alertRules.canEdit && rulesArea.text !== alertRules.rulesText
                        onClicked: rulesArea.text = alertRules.rulesText
                    }
                }
            }
        }

        RowLayout {
            Button {
                objectName: "restoreRulesButton"
                text: qsTr("Restore the shipped rules")
                enabled: alertRules.canEdit && alertRules.rulesEdited
                onClicked: {
                            root.editing = "rules";
                            alertRules.restoreRules();
                        }
            }
        }
        Label {
            id: rulesStatus

            objectName: "rulesStatus"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
        }
    }

    SectionCard {
        title: qsTr("Safer-use advice on alerts")
        Layout.fillWidth: true

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: (alertRules.adviceEdited ? qsTr("Edited advice is in force.") : qsTr("The shipped advice (data/safer-use-advice.json) is in force."))
                  + " " + qsTr("One text per substance class, and a \"default\"; a new draft takes the texts of the classes it found.")
        }

        TabBar {
            id: adviceTabs

            Layout.fillWidth: true

            TabButton {
                objectName: "adviceFormTab"
                text: qsTr("Form")
            }
            TabButton {
                objectName: "adviceJsonTab"
                text: qsTr("JSON (for power users)")
            }
        }

        StackLayout {
            Layout.fillWidth: true
            currentIndex: adviceTabs.currentIndex

            ColumnLayout {
                spacing: 6

                Repeater {
                    model: alertRules.adviceRows

                    delegate: RowLayout {
                        id: adviceRow

                        required property int index
                        required property var modelData

                        readonly property bool wrong: alertRules.errorRow === adviceRow.index + 1
                                                      && alertRules.errorField.startsWith("advice")

                        Layout.fillWidth: true
                        spacing: 8

                        ComboBox {
                            id: classBox

                            objectName: "advice" + adviceRow.index + "_class"
                            Layout.preferredWidth: 170
                            Layout.alignment: Qt.AlignTop
                            enabled: alertRules.canEdit
                            model: alertRules.adviceClasses
                            currentIndex: alertRules.adviceClasses.indexOf(adviceRow.modelData.substanceClass)
                            displayText: currentIndex < 0 ? qsTr("choose a class") : currentText
                            onActivated: alertRules.setAdviceField(adviceRow.index, "substanceClass", classBox.currentText)
                        }
                        TextArea {
                            objectName: "advice" + adviceRow.index + "_text"
                            Layout.fillWidth: true
                            // A width of its own, not the text's: no binding loop with the wrapping.
                            Layout.preferredWidth: 300
                            wrapMode: TextEdit.Wrap
                            readOnly: !alertRules.canEdit
                            text: adviceRow.modelData.text
                            onTextChanged: if (activeFocus)
                                alertRules.setAdviceField(adviceRow.index, "text", text)
                            background: Rectangle {
                                color: "white"
                                border.width: adviceRow.wrong ? 2 : 1
                                border.color: adviceRow.wrong ? "#b00020" : "#b0b0b0"
                            }
                        }
                        Button {
                            Layout.alignment: Qt.AlignTop
                            text: qsTr("Remove")
                            enabled: alertRules.canEdit
                            onClicked: alertRules.removeAdvice(adviceRow.index)
                        }
                    }
                }
                RowLayout {
                    spacing: 8

                    Button {
                        objectName: "saveAdviceFormButton"
                        text: qsTr("Save advice")
                        highlighted: true
                        enabled: alertRules.canEdit
                        onClicked: {
                            root.editing = "advice";
                            alertRules.saveAdviceForm();
                        }
                    }
                    Button {
                        text: qsTr("Add advice for a class")
                        enabled: alertRules.canEdit
                        onClicked: alertRules.addAdvice()
                    }
                }
            }

            ColumnLayout {
                ScrollView {
                    id: adviceScroll

                    Layout.fillWidth: true
                    Layout.preferredHeight: 220
                    contentWidth: adviceScroll.availableWidth

                    TextArea {
                        id: adviceArea

                        objectName: "adviceArea"
                        background: Rectangle {
                            color: "white"
                            border.color: "#b0b0b0"
                        }
                        text: alertRules.adviceText
                        readOnly: !alertRules.canEdit
                        font.family: "monospace"
                        font.pixelSize: 12
                        wrapMode: TextEdit.Wrap
                        selectByMouse: true
                    }
                }
                Button {
                    objectName: "saveAdviceButton"
                    text: qsTr("Save advice")
                    enabled: alertRules.canEdit
                    onClicked: {
                        root.editing = "advice";
                        if (!alertRules.saveAdvice(adviceArea.text))
                            root.showLine(adviceArea, alertRules.errorLine);
                    }
                }
            }
        }

        Button {
            objectName: "restoreAdviceButton"
            text: qsTr("Restore the shipped advice")
            enabled: alertRules.canEdit && alertRules.adviceEdited
            onClicked: {
                            root.editing = "advice";
                            alertRules.restoreAdvice();
                        }
        }
        Label {
            id: adviceStatus

            objectName: "adviceStatus"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
        }
    }
}
