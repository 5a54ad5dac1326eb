import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// An empty database: the first account, which chooses what else it does and always
// administers too (someone must add the others).
Page {
    id: root

    signal created()

    function submit(): void {
        errorLabel.text = "";
        if (passwordField.text !== repeatField.text) {
            errorLabel.text = qsTr("The two passwords differ.");
            return;
        }
        const roles = [];
        for (const box of [technicianBox, verifierBox, coordinatorBox])
            if (box.checked)
                roles.push(box.role);
        roles.push(Vocabulary.admin);
        if (Session.createFirstUser(nameField.text, displayField.text, passwordField.text, roles))
            root.created();
    }

    Connections {
        target: Session

        function onErrorOccurred(message: string): void {
            errorLabel.text = message;
        }
    }

    Frame {
        anchors.centerIn: parent
        width: 440
        padding: 24

        ColumnLayout {
            anchors.fill: parent
            spacing: 12

            Label {
                text: qsTr("Welcome to Candor")
                font.pixelSize: 26
                font.bold: true
            }

            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("This database has no accounts yet. The first account administers the others (admin); choose what else it does. Add the other people afterwards in Settings, People.")
            }

            FormField {
                label: qsTr("User name")
                hint: qsTr("Lower-case letters and digits, e.g. alex")
                Layout.fillWidth: true

                TextField {
                    id: nameField

                    objectName: "firstUserName"
                    Layout.fillWidth: true
                    Component.onCompleted: forceActiveFocus()
                    onAccepted: displayField.forceActiveFocus()
                }
            }

            FormField {
                label: qsTr("Display name")
                Layout.fillWidth: true

                TextField {
                    id: displayField

                    objectName: "firstUserDisplayName"
                    Layout.fillWidth: true
                    onAccepted: passwordField.forceActiveFocus()
                }
            }

            FormField {
                label: qsTr("Roles")
                hint: qsTr("Admin is always included for the first account.")
                Layout.fillWidth: true

                Flow {
                    Layout.fillWidth: true
                    spacing: 4

                    CheckBox {
                        id: technicianBox

                        readonly property string role: Vocabulary.technician

                        objectName: "firstUserRole_technician"
                        text: qsTr("Technician")
                        checked: true
                    }
                    CheckBox {
                        id: verifierBox

                        readonly property string role: Vocabulary.verifier

                        objectName: "firstUserRole_verifier"
                        text: qsTr("Verifier")
                    }
                    CheckBox {
                        id: coordinatorBox

                        readonly property string role: Vocabulary.coordinator

                        objectName: "firstUserRole_coordinator"
                        text: qsTr("Coordinator")
                    }
                    CheckBox {
                        objectName: "firstUserRole_admin"
                        text: qsTr("Admin")
                        checked: true
                        enabled: false
                    }
                }
            }

            FormField {
                label: qsTr("Password")
                hint: qsTr("At least 8 characters")
                Layout.fillWidth: true

                TextField {
                    id: passwordField

                    objectName: "firstUserPassword"
                    Layout.fillWidth: true
                    echoMode: TextInput.Password
                    onAccepted: repeatField.forceActiveFocus()
                }
            }

            FormField {
                label: qsTr("Password again")
                Layout.fillWidth: true

                TextField {
                    id: repeatField

                    objectName: "firstUserRepeat"
                    Layout.fillWidth: true
                    echoMode: TextInput.Password
                    onAccepted: root.submit()
                }
            }

            Label {
                id: errorLabel

                Layout.fillWidth: true
                // Kept in the layout while empty (see FormField.qml).
                color: "#b00020"
                wrapMode: Text.Wrap
            }

            Button {
                objectName: "firstUserCreate"
                text: qsTr("Create account and sign in")
                highlighted: true
                Layout.fillWidth: true
                onClicked: root.submit()
            }
        }
    }
}
