pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Reagent tests: pick the reagent, tap the colours in the order they appeared, record.
SectionCard {
    id: root

    required property SampleController controller
    // The colours tapped so far, in order: a plain JS array so that slice/concat/join work.
    property var sequence: []

    title: qsTr("Reagents")

    RowLayout {
        spacing: 8
        enabled: root.controller.canEdit

        Label { text: qsTr("Reagent") }
        ComboBox {
            id: reagentBox

            objectName: "reagentBox"
            Layout.preferredWidth: 160
            model: root.controller.reagentTypes
            textRole: "name"
            valueRole: "key"
        }
        Label {
            text: root.sequence.length > 0 ? root.sequence.join(" → ") : qsTr("tap the colours in the order they appear")
            font.bold: root.sequence.length > 0
            opacity: root.sequence.length > 0 ? 1 : 0.6
            Layout.fillWidth: true
        }
        Button {
            text: qsTr("Undo")
            enabled: root.sequence.length > 0
            onClicked: root.sequence = root.sequence.slice(0, root.sequence.length - 1)
        }
        Button {
            objectName: "recordReagent"
            text: qsTr("Record")
            highlighted: true
            enabled: root.sequence.length > 0
            onClicked: {
                if (root.controller.addReagent(reagentBox.currentValue, root.sequence))
                    root.sequence = [];
            }
        }
    }

    Flow {
        Layout.fillWidth: true
        spacing: 6
        enabled: root.controller.canEdit

        Repeater {
            model: root.controller.reagentColours

            delegate: Button {
                id: chip

                required property string modelData

                objectName: "colour_" + chip.modelData.replace(" ", "_")
                text: chip.modelData
                onClicked: root.sequence = root.sequence.concat([chip.modelData])
            }
        }
    }

    Label {
        visible: root.sequence.length > 0
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: {
            const c = root.controller.reagentCandidates(reagentBox.currentValue, root.sequence);
            return c.length > 0 ? qsTr("Consistent with: %1").arg(c.join(", ")) : qsTr("No catalogue substance gives this sequence with this reagent.");
        }
        opacity: 0.8
    }

    Repeater {
        model: root.controller.reagents

        delegate: Label {
            id: reading

            required property var modelData

            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: "• " + reading.modelData.reagent + ": " + reading.modelData.colours.join(" → ")
                  + (reading.modelData.candidates.length > 0 ? qsTr("  — consistent with %1").arg(reading.modelData.candidates.join(", ")) : "")
                  + qsTr("  (%1)").arg(reading.modelData.by)
        }
    }
}
