pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Settings, People: an admin sees every account with its roles and state, and adds,
// re-roles, deactivates, re-activates and resets passwords here; everyone changes their
// own password. Each control's outcome shows right beside it (PeopleController keeps it
// under that control's key), never in a banner elsewhere.
SectionCard {
    id: root

    title: qsTr("People")

    // The roles ticked among `boxes` (CheckBoxes with a `role` property).
    function tickedRoles(boxes: var): var {
        const roles = [];
        for (const box of boxes)
            if (box.checked)
                roles.push(box.role);
        return roles;
    }

    component RoleBox: CheckBox {
        required property string role

        text: role.charAt(0).toUpperCase() + role.slice(1)
    }

    // The outcome of one control, kept in the layout while empty so nothing jumps.
    component Outcome: Label {
        // {text, ok} from PeopleController.messages, or undefined.
        property var message

        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: message ? message.text : " "
        color: message && !message.ok ? "#b00020" : "#1b5e20"
        Accessible.role: Accessible.AlertMessage
        Accessible.name: text
    }

    PeopleController {
        id: people
    }

    Label {
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: people.canManage
              ? qsTr("Everyone who works here has their own account. A deactivated account cannot sign in; what that person did keeps their name. There is always at least one active admin.")
              : qsTr("Only an admin manages the accounts. You can change your own password below.")
    }

    Outcome {
        message: people.messages["list"]
        visible: message !== undefined
    }

    // --- the accounts ------------------------------------------------------------------
    Repeater {
        model: people.people

        delegate: Frame {
            id: person

            required property var modelData
            readonly property string name: modelData.name

            objectName: "person_" + name
            Layout.fillWidth: true
            padding: 8
            background: Rectangle {
                color: person.modelData.active ? "#ffffff" : "#f1f1f1"
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
                        text: person.modelData.displayName + "  (" + person.name + ")"
                              + (person.modelData.isSelf ? "  " + qsTr("— you") : "")
                        font.bold: true
                        elide: Text.ElideRight
                        Layout.fillWidth: true
                    }
                    Label {
                        objectName: "personState_" + person.name
                        text: person.modelData.active ? qsTr("active") : qsTr("deactivated")
                        color: person.modelData.active ? "#1b5e20" : "#8a1c1c"
                        font.bold: !person.modelData.active
                    }
                }

                Flow {
                    id: roleFlow

                    Layout.fillWidth: true
                    spacing: 4

                    Repeater {
                        id: roleBoxes

                        model: people.allRoles

                        delegate: RoleBox {
                            required property string modelData

                            role: modelData
                            objectName: "personRole_" + person.name + "_" + modelData
                            checked: person.modelData.roles.indexOf(modelData) >= 0
                        }
                    }
                    Button {
                        objectName: "personSaveRoles_" + person.name
                        text: qsTr("Save roles")
                        onClicked: {
                            const boxes = [];
                            for (let i = 0; i < roleBoxes.count; ++i)
                                boxes.push(roleBoxes.itemAt(i));
                            // Refused: the boxes go back to the stored roles (an unchanged
                            // list does not rebuild this row, so say it here).
                            if (!people.setRoles(person.name, root.tickedRoles(boxes)))
                                for (const box of boxes)
                                    box.checked = person.modelData.roles.indexOf(box.role) >= 0;
                        }
                    }
                }

                Flow {
                    Layout.fillWidth: true
                    spacing: 8

                    Button {
                        objectName: "personActive_" + person.name
                        text: person.modelData.active ? qsTr("Deactivate") : qsTr("Re-activate")
                        onClicked: people.setActive(person.name, !person.modelData.active)
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
                            if (people.resetPassword(person.name, resetField.text))
                                resetField.text = "";
                        }
                    }
                }

                Outcome {
                    objectName: "personMessage_" + person.name
                    message: people.messages["person:" + person.name]
                }
            }
        }
    }

    // --- add a person ------------------------------------------------------------------
    Frame {
        objectName: "addPersonForm"
        visible: people.canManage
        Layout.fillWidth: true
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
            Flow {
                Layout.fillWidth: true
                spacing: 4

                Repeater {
                    id: newRoles

                    model: people.allRoles

                    delegate: RoleBox {
                        required property string modelData

                        role: modelData
                        objectName: "newPersonRole_" + modelData
                    }
                }
                Button {
                    objectName: "addPersonButton"
                    text: qsTr("Add person")
                    highlighted: true
                    onClicked: {
                        const boxes = [];
                        for (let i = 0; i < newRoles.count; ++i)
                            boxes.push(newRoles.itemAt(i));
                        if (people.addPerson(newName.text, newDisplay.text, root.tickedRoles(boxes), newPassword.text, newRepeat.text)) {
                            newName.text = "";
                            newDisplay.text = "";
                            newPassword.text = "";
                            newRepeat.text = "";
                            for (const box of boxes)
                                box.checked = false;
                        }
                    }
                }
            }
            Outcome {
                objectName: "addPersonMessage"
                message: people.messages["add"]
            }
        }
    }

    // --- my own password ---------------------------------------------------------------
    Frame {
        objectName: "ownPasswordForm"
        Layout.fillWidth: true
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
                        if (people.changeOwnPassword(oldOwn.text, newOwn.text, repeatOwn.text)) {
                            oldOwn.text = "";
                            newOwn.text = "";
                            repeatOwn.text = "";
                        }
                    }
                }
            }
            Outcome {
                objectName: "ownPasswordMessage"
                message: people.messages["own"]
            }
        }
    }
}
