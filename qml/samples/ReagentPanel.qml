pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Reagent tests: pick the reagent, tap the colours in the order they appeared, record.
// Like the strips, nothing grows under the pointer: the message has a space kept for it
// and the readings scroll in a fixed-height list.
SectionCard {
    id: root

    readonly property real lineHeight: fontMetrics.height

    required property SampleController controller
    // The colours tapped so far, in order: a plain JS array so that slice/concat/join work.
    property var sequence: []

    title: qsTr("Reagents")

    FontMetrics {
        id: fontMetrics
    }

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

    // What the candidates are while tapping, then what the last Record said: one space
    // of two lines, kept whether or not there is anything to say.
    Label {
        objectName: "reagentMessage"
        Layout.fillWidth: true
        Layout.preferredHeight: root.lineHeight * 2 + 4
        wrapMode: Text.Wrap
        maximumLineCount: 2
        elide: Text.ElideRight
        readonly property string kind: root.sequence.length > 0 ? "candidates" : (root.controller.reagentNotice.kind || "")
        text: {
            if (root.sequence.length > 0) {
                const c = root.controller.reagentCandidates(reagentBox.currentValue, root.sequence);
                return c.length > 0 ? qsTr("Consistent with: %1").arg(c.join(", ")) : qsTr("No catalogue substance gives this sequence with this reagent.");
            }
            return (kind === "warning" ? "⚠ " : kind === "error" ? "✕ " : "") + (root.controller.reagentNotice.text || "");
        }
        color: kind === "error" ? "#b00020" : kind === "warning" ? "#6d2c00" : palette.windowText
        opacity: kind === "candidates" || kind === "saved" ? 0.8 : 1
        Accessible.role: kind === "error" || kind === "warning" ? Accessible.AlertMessage : Accessible.StaticText
        Accessible.name: text
    }

    ListView {
        id: reagentList

        objectName: "reagentReadings"
        Layout.fillWidth: true
        Layout.preferredHeight: root.lineHeight * 3 + 12
        clip: true
        model: root.controller.reagents
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}
        onCountChanged: positionViewAtEnd()

        delegate: Label {
            id: reading

            // The row's roles (ReagentReadingModel).
            required property string reagent
            required property string sequenceText
            required property string candidatesText
            required property string by

            width: ListView.view.width - 12
            elide: Text.ElideRight
            text: "• " + reading.reagent + ": " + reading.sequenceText
                  + (reading.candidatesText.length > 0 ? qsTr("  — consistent with %1").arg(reading.candidatesText) : "")
                  + qsTr("  (%1)").arg(reading.by)
        }

        Label {
            anchors.centerIn: parent
            visible: reagentList.count === 0
            opacity: 0.6
            text: qsTr("No reagent read yet.")
        }
    }
}
