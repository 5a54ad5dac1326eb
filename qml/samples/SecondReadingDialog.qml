pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import Candor

// A second tap on a strip already read (SampleController.secondReading): replace the
// first (a mis-tap), keep both (a retest, e.g. at another dilution: both are real
// readings) or cancel.
Dialog {
    id: root

    required property SampleController controller

    objectName: "secondReadingDialog"
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: Math.min(560, parent.width - 48)
    modal: true
    title: qsTr("This strip was already read")
    onOpened: replaceButton.forceActiveFocus()
    onRejected: root.controller.answerSecondReading("cancel")

    Connections {
        target: root.controller

        function onSecondReading(question: string): void {
            secondQuestion.text = question;
            root.open();
        }
    }

    Label {
        id: secondQuestion

        width: parent.width
        wrapMode: Text.Wrap
    }

    footer: DialogButtonBox {
        Button {
            id: replaceButton

            objectName: "replaceReadingButton"
            text: qsTr("Replace")
            onClicked: {
                root.close();
                root.controller.answerSecondReading("replace");
            }
        }
        Button {
            objectName: "keepBothButton"
            text: qsTr("Keep both")
            onClicked: {
                root.close();
                root.controller.answerSecondReading("keep");
            }
        }
        Button {
            objectName: "cancelReadingButton"
            text: qsTr("Cancel")
            DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
        }
    }
}
