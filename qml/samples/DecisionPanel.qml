pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The workflow step this user may take now: submit (technician), verify or return with a
// reason (verifier, never their own submission), invalidate (with a reason), and the
// private result slip once verified. Buttons stay in the layout; what is not allowed is
// disabled, and core refuses it anyway.
SectionCard {
    id: root

    required property SampleController controller

    title: qsTr("Decision")

    Label {
        objectName: "decisionHint"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.8
        text: root.controller.verifyBlockedReason.length > 0 ? root.controller.verifyBlockedReason
              : root.controller.statusReason.length > 0 ? qsTr("Last reason: %1").arg(root.controller.statusReason) : ""
    }

    RowLayout {
        spacing: 8

        Button {
            objectName: "submitButton"
            text: qsTr("Submit for verification")
            enabled: root.controller.canSubmit
            onClicked: root.controller.submit()
        }
        Button {
            objectName: "verifyButton"
            text: qsTr("Verify")
            font.bold: true
            enabled: root.controller.canVerify
            onClicked: root.controller.verify()
        }
    }

    SlipPanel {
        sampleId: root.controller.sampleId
        allowed: root.controller.canPrintSlip
    }

    RowLayout {
        spacing: 8

        TextField {
            id: reasonField

            objectName: "reasonField"
            Layout.fillWidth: true
            placeholderText: qsTr("Reason (needed to return or invalidate; goes into the audit log)")
        }
        Button {
            objectName: "returnButton"
            text: qsTr("Return for more testing")
            enabled: root.controller.canReturn && reasonField.text.trim().length > 0
            onClicked: {
                if (root.controller.returnForTesting(reasonField.text))
                    reasonField.text = "";
            }
        }
        Button {
            objectName: "invalidateButton"
            text: qsTr("Invalidate")
            enabled: root.controller.canInvalidate && reasonField.text.trim().length > 0
            onClicked: {
                if (root.controller.invalidate(reasonField.text))
                    reasonField.text = "";
            }
        }
    }
}
