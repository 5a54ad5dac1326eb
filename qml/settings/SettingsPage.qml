pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Service settings: daily rotating backups, a backup now and the inactivity time-out
// (admin), and the alert rules and safer-use advice in force (coordinator or admin,
// AlertRulesSection).
// Others see the values, disabled.
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

    DialogLauncher {
        id: backupFolderDialog

        kind: DialogLauncher.ChooseFolder
        title: qsTr("Folder for the daily backups")
        // Shown in the field; saved with the other settings by Save.
        onChosen: urls => folderField.text = DialogSupport.localPath(urls[0])
    }

    ScrollView {
        id: scroll

        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            x: 24
            y: 16
            width: Math.min(scroll.availableWidth - 48, 960)
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

            ServiceIdentitySection {}

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

                        objectName: "backupFolderField"
                        Layout.fillWidth: true
                        text: settings.backupFolder
                    }
                    Button {
                        objectName: "chooseBackupFolderButton"
                        text: qsTr("Choose…")
                        onClicked: backupFolderDialog.open()
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

            // People and the demo after the settings form, so that Backups and Sign-in keep
            // their place on the first screen whatever the number of accounts.
            PeopleSection {
                objectName: "peopleSection"
                Layout.fillWidth: true
            }

            DemoDataSection { Layout.fillWidth: true }

            AlertRulesSection {
                objectName: "alertRulesSection"
                Layout.fillWidth: true
            }
            Item {
                Layout.preferredHeight: 24
            }
        }
    }
}
