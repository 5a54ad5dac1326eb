pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Correcting a mis-tapped strip reading: pick the right result; the rest of the reading
// (lot, brand, dilution) stays as it was.
Dialog {
    id: root

    required property SampleController controller
    // The reading being corrected.
    property string readingId
    property string stripType
    property string recordedResult

    function ask(id: string, type: string, recorded: string): void {
        root.readingId = id;
        root.stripType = type;
        root.recordedResult = recorded;
        open();
    }

    objectName: "correctReadingDialog"
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(560, parent.width - 48)
    modal: true
    title: qsTr("Correct the %1 reading").arg(root.stripType)

    ColumnLayout {
        width: parent.width
        spacing: 8

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Recorded as %1. The wrong reading stays in the record, marked superseded.").arg(root.recordedResult.toUpperCase())
        }
        RowLayout {
            spacing: 8

            Repeater {
                model: root.controller.stripResults

                delegate: Button {
                    id: choice

                    required property string modelData

                    objectName: "correctTo_" + choice.modelData
                    text: root.controller.stripResultLabel(choice.modelData)
                    enabled: choice.modelData !== root.recordedResult
                    onClicked: {
                        root.close();
                        root.controller.correctStrip(root.readingId, choice.modelData);
                    }
                }
            }
        }
    }

    footer: DialogButtonBox {
        standardButtons: Dialog.Cancel
    }
}
