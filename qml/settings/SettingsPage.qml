pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Service settings for an admin: daily rotating backups, a backup now, and the
// inactivity time-out. Others see the values, disabled.
Page {
    id: root

    SettingsController {
        id: settings

        onSaved: message => {
            status.color = "#1b5e20";
            status.text = message;
        }
        onErrorOccurred: message => {
            status.color = "#b00020";
            status.text = message;
        }
    }

    ColumnLayout {
        x: 24
        y: 16
        width: Math.min(root.width - 48, 760)
        spacing: 12

        Label {
            text: qsTr("Settings")
            font.pixelSize: 20
            font.bold: true
        }

        Label {
            id: status

            objectName: "settingsStatus"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: settings.canChange ? "" : qsTr("Only an admin can change these.")
        }

        SectionCard {
            title: qsTr("Backups")
            Layout.fillWidth: true
            enabled: settings.canChange

            CheckBox {
                id: enabledBox

                text: qsTr("Make a backup every day (kept in the folder below)")
                checked: settings.backupEnabled
            }
            RowLayout {
                Label { text: qsTr("Folder") }
                TextField {
                    id: folderField

                    Layout.fillWidth: true
                    text: settings.backupFolder
                }
            }
            RowLayout {
                Label { text: qsTr("Keep the newest") }
                SpinBox {
                    id: keepBox

                    from: 1
                    to: 365
                    value: settings.backupKeep
                }
                Label { text: qsTr("daily backups") }
            }
            Button {
                objectName: "backupNowButton"
                text: qsTr("Back up now")
                onClicked: settings.backupNow()
            }
        }

        SectionCard {
            title: qsTr("Sign-in")
            Layout.fillWidth: true
            enabled: settings.canChange

            RowLayout {
                Label { text: qsTr("Sign out after") }
                SpinBox {
                    id: timeoutBox

                    from: 1
                    to: 1440
                    value: settings.timeoutMinutes
                }
                Label { text: qsTr("minutes without input") }
            }
        }

        Button {
            objectName: "saveSettingsButton"
            text: qsTr("Save")
            enabled: settings.canChange
            onClicked: settings.save(enabledBox.checked, folderField.text, keepBox.value, timeoutBox.value)
        }
    }
}
