import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Settings, People: an admin adds an account with its roles and first password.
Frame {
    id: form

    required property PeopleController people

    objectName: "addPersonForm"
    padding: 8

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 4

        Label {
            text: qsTr("Add a person")
            font.bold: true
        }
        Flow {
            Layout.fillWidth: true
            spacing: 8

            TextField {
                id: newName

                objectName: "newPersonName"
                width: 180
                placeholderText: qsTr("User name, e.g. vic")
            }
            TextField {
                id: newDisplay

                objectName: "newPersonDisplayName"
                width: 200
                placeholderText: qsTr("Display name")
            }
            TextField {
                id: newPassword

                objectName: "newPersonPassword"
                width: 180
                echoMode: TextInput.Password
                placeholderText: qsTr("Password (8+ characters)")
            }
            TextField {
                id: newRepeat

                objectName: "newPersonRepeat"
                width: 180
                echoMode: TextInput.Password
                placeholderText: qsTr("Password again")
            }
        }
        RolePicker {
            id: newRoles

            Layout.fillWidth: true
            roles: form.people.allRoles
            boxNamePrefix: "newPersonRole_"

            Button {
                objectName: "addPersonButton"
                text: qsTr("Add person")
                highlighted: true
                onClicked: {
                    if (form.people.addPerson(newName.text, newDisplay.text, newRoles.ticked(), newPassword.text,
                                              newRepeat.text)) {
                        newName.text = "";
                        newDisplay.text = "";
                        newPassword.text = "";
                        newRepeat.text = "";
                        newRoles.tickOnly([]);
                    }
                }
            }
        }
        ActionOutcome {
            objectName: "addPersonMessage"
            people: form.people
            key: "add"
        }
    }
}
