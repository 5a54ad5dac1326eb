pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// One account in Settings, People (PersonListModel's roles): its name and state, its
// roles to re-tick and save, deactivate or re-activate, reset the password, and the
// outcome of each, right here.
Frame {
    id: person

    required property string name
    required property string displayName
    required property list<string> roles
    required property bool active
    required property bool isSelf
    required property PeopleController people

    objectName: "person_" + name
    padding: 8
    background: Rectangle {
        color: person.active ? "#ffffff" : "#f1f1f1"
        border.color: "#d0d0d0"
        radius: 4
    }

    ColumnLayout {
        anchors.left: parent.left
        anchors.right: parent.right
        spacing: 4

        RowLayout {
            spacing: 8
            Layout.fillWidth: true

            Label {
                text: person.displayName + "  (" + person.name + ")" + (person.isSelf ? "  " + qsTr("— you") : "")
                font.bold: true
                elide: Text.ElideRight
                Layout.fillWidth: true
            }
            Label {
                objectName: "personState_" + person.name
                text: person.active ? qsTr("active") : qsTr("deactivated")
                color: person.active ? "#1b5e20" : "#8a1c1c"
                font.bold: !person.active
            }
        }

        RolePicker {
            id: rolePicker

            Layout.fillWidth: true
            roles: person.people.allRoles
            stored: person.roles
            boxNamePrefix: "personRole_" + person.name + "_"

            Button {
                objectName: "personSaveRoles_" + person.name
                text: qsTr("Save roles")
                // Refused: the boxes go back to the stored roles.
                onClicked: {
                    if (!person.people.setRoles(person.name, rolePicker.ticked()))
                        rolePicker.tickOnly(person.roles);
                }
            }
        }

        Flow {
            Layout.fillWidth: true
            spacing: 8

            Button {
                objectName: "personActive_" + person.name
                text: person.active ? qsTr("Deactivate") : qsTr("Re-activate")
                onClicked: person.people.setActive(person.name, !person.active)
            }
            TextField {
                id: resetField

                objectName: "personResetField_" + person.name
                width: 220
                echoMode: TextInput.Password
                placeholderText: qsTr("New password for %1").arg(person.name)
                onAccepted: resetButton.clicked()
            }
            Button {
                id: resetButton

                objectName: "personReset_" + person.name
                text: qsTr("Reset password")
                enabled: resetField.text.length > 0
                onClicked: {
                    if (person.people.resetPassword(person.name, resetField.text))
                        resetField.text = "";
                }
            }
        }

        ActionOutcome {
            objectName: "personMessage_" + person.name
            people: person.people
            key: "person:" + person.name
        }
    }
}
