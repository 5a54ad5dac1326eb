import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Who is working: name and password, Enter to sign in.
Page {
    id: root

    signal signedIn()

    // Why the app signed someone out (e.g. their account was deactivated), shown where the
    // sign-in error goes.
    function showMessage(message: string): void {
        errorLabel.text = message;
    }

    function submit(): void {
        errorLabel.text = "";
        if (Session.signIn(nameField.text, passwordField.text))
            root.signedIn();
        else
            passwordField.selectAll();
    }

    Connections {
        target: Session

        function onErrorOccurred(message: string): void {
            errorLabel.text = message;
        }
    }

    Frame {
        anchors.centerIn: parent
        width: 380
        padding: 24

        ColumnLayout {
            anchors.fill: parent
            spacing: 12

            Label {
                text: "Candor"
                font.pixelSize: 28
                font.bold: true
            }

            Label {
                text: qsTr("Who is working?")
                opacity: 0.8
            }

            FormField {
                label: qsTr("User name")
                Layout.fillWidth: true

                TextField {
                    id: nameField

                    objectName: "signInName"
                    Layout.fillWidth: true
                    focus: true
                    inputMethodHints: Qt.ImhNoAutoUppercase | Qt.ImhNoPredictiveText
                    onAccepted: passwordField.forceActiveFocus()
                    Component.onCompleted: forceActiveFocus()
                }
            }

            FormField {
                label: qsTr("Password")
                Layout.fillWidth: true

                TextField {
                    id: passwordField

                    objectName: "signInPassword"
                    Layout.fillWidth: true
                    echoMode: TextInput.Password
                    onAccepted: root.submit()
                }
            }

            Label {
                id: errorLabel

                objectName: "signInError"
                Layout.fillWidth: true
                // Kept in the layout while empty (see FormField.qml).
                color: "#b00020"
                wrapMode: Text.Wrap
            }

            Button {
                objectName: "signInButton"
                text: qsTr("Sign in")
                highlighted: true
                Layout.fillWidth: true
                enabled: nameField.text.length > 0 && passwordField.text.length > 0
                onClicked: root.submit()
            }

            Label {
                Layout.fillWidth: true
                text: qsTr("Database: %1").arg(Session.databasePath)
                font.pixelSize: 11
                opacity: 0.6
                elide: Text.ElideMiddle
            }
        }
    }
}
