import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Settings, People: everyone changes their own password here.
Frame {
    id: form

    required property PeopleController people

    objectName: "ownPasswordForm"
    padding: 8

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 4

        Label {
            text: qsTr("Change my password")
            font.bold: true
        }
        Flow {
            Layout.fillWidth: true
            spacing: 8

            TextField {
                id: oldOwn

                objectName: "ownOldPassword"
                width: 200
                echoMode: TextInput.Password
                placeholderText: qsTr("Current password")
            }
            TextField {
                id: newOwn

                objectName: "ownNewPassword"
                width: 200
                echoMode: TextInput.Password
                placeholderText: qsTr("New password (8+ characters)")
            }
            TextField {
                id: repeatOwn

                objectName: "ownRepeatPassword"
                width: 200
                echoMode: TextInput.Password
                placeholderText: qsTr("New password again")
                onAccepted: ownButton.clicked()
            }
            Button {
                id: ownButton

                objectName: "changeOwnPasswordButton"
                text: qsTr("Change my password")
                onClicked: {
                    if (form.people.changeOwnPassword(oldOwn.text, newOwn.text, repeatOwn.text)) {
                        oldOwn.text = "";
                        newOwn.text = "";
                        repeatOwn.text = "";
                    }
                }
            }
        }
        ActionOutcome {
            objectName: "ownPasswordMessage"
            people: form.people
            key: "own"
        }
    }
}
