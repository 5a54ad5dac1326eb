pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Findings: what the technician concludes is in the sample, with the confirmatory-lab
// referral the rules decided. Add a substance (catalogue completion) or one of the two
// legitimate non-answers; remove with ✕.
SectionCard {
    id: root

    required property SampleController controller

    title: qsTr("Findings")

    Label {
        objectName: "referralText"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        color: "#6d2c00"
        font.bold: true
        // Kept in the layout while empty (see FormField.qml).
        text: root.controller.referral.length > 0 ? qsTr("Refer to a confirmatory lab: %1").arg(root.controller.referral) : ""
    }

    // A fixed-height list: a finding added from the match panel below does not push the
    // strips, the reagents or the match panel itself down.
    ListView {
        id: findingsList

        objectName: "findingsList"
        Layout.fillWidth: true
        Layout.preferredHeight: 120
        clip: true
        model: root.controller.findings
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}
        onCountChanged: positionViewAtEnd()

        delegate: RowLayout {
            id: findingRow

            // The row's roles (FindingListModel).
            required property string text
            required property bool notInCatalogue
            required property int index

            width: ListView.view.width - 12
            spacing: 8

            Label {
                objectName: "findingText"
                text: "• " + findingRow.text + (findingRow.notInCatalogue ? qsTr("  (not in the catalogue)") : "")
                Layout.fillWidth: true
                elide: Text.ElideRight
            }
            Button {
                text: "✕"
                enabled: root.controller.canEdit
                onClicked: root.controller.removeFinding(findingRow.index)
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Remove this finding")
            }
        }

        Label {
            anchors.centerIn: parent
            visible: findingsList.count === 0
            opacity: 0.7
            text: qsTr("No findings yet.")
        }
    }

    RowLayout {
        spacing: 8
        enabled: root.controller.canEdit

        ComboBox {
            id: substanceField

            objectName: "findingSubstance"
            Layout.preferredWidth: 260
            editable: true
            model: root.controller.substanceNames
            // Typing filters to catalogue names by their start; anything else is allowed too.
            currentIndex: -1
        }
        ComboBox {
            id: amountField

            Layout.preferredWidth: 150
            model: [qsTr("primary"), qsTr("trace")]
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Or type a percentage after the name: mdma:30%")
        }
        Button {
            objectName: "addFindingButton"
            text: qsTr("Add finding")
            onClicked: {
                const name = substanceField.editText.trim();
                // "mdma:30%" typed in full wins over the amount box.
                const component = name.indexOf(":") >= 0 ? name : name + ":" + (amountField.currentIndex === 1 ? Vocabulary.trace : Vocabulary.primary);
                if (root.controller.addFinding(component, ""))
                    substanceField.editText = "";
            }
        }
        Button {
            text: qsTr("Uncertain match")
            onClicked: root.controller.addFinding("", "uncertain")
        }
        Button {
            text: qsTr("No library match")
            onClicked: root.controller.addFinding("", "no-match")
        }
    }
}
