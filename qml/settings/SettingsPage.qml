pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Service settings: daily rotating backups, a backup now and the inactivity time-out
// (admin), and the alert rules and safer-use advice in force (coordinator or admin).
// Others see the values, disabled.
Page {
    id: root

    // Puts the cursor on the line a refused text was refused at, selected, and shows it.
    function showLine(area: TextArea, line: int): void {
        if (line < 1)
            return;
        const lines = area.text.split("\n");
        let start = 0;
        for (let i = 0; i < line - 1 && i < lines.length; ++i)
            start += lines[i].length + 1;
        const end = start + (line - 1 < lines.length ? lines[line - 1].length : 0);
        area.forceActiveFocus();
        area.select(start, end);
    }

    AlertRulesController {
        id: alertRules

        onSaved: message => {
            rulesStatus.color = "#1b5e20";
            rulesStatus.text = message;
        }
        onErrorOccurred: message => {
            rulesStatus.color = "#b00020";
            rulesStatus.text = message;
        }
    }

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

            SectionCard {
                title: qsTr("Alert rules")
                Layout.fillWidth: true

                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: (alertRules.rulesEdited ? qsTr("Edited rules are in force.") : qsTr("The shipped rules (data/alert-rules.json) are in force."))
                          + " " + qsTr("Each rule turns verified findings into draft alerts; the text at the top of the file explains every field. A text with an error is refused with its line and field, and the rules in force stay.")
                          + (alertRules.canEdit ? "" : " " + qsTr("Only a coordinator or an admin can change them."))
                }
                ScrollView {
                    Layout.fillWidth: true
                    Layout.preferredHeight: 320

                    TextArea {
                        id: rulesArea

                        objectName: "rulesArea"
                        background: Rectangle {
                            color: "white"
                            border.color: "#b0b0b0"
                        }
                        text: alertRules.rulesText
                        readOnly: !alertRules.canEdit
                        font.family: "monospace"
                        font.pixelSize: 12
                        wrapMode: TextEdit.NoWrap
                        selectByMouse: true
                    }
                }
                RowLayout {
                    spacing: 8

                    Button {
                        objectName: "saveRulesButton"
                        text: qsTr("Save rules")
                        enabled: alertRules.canEdit
                        onClicked: {
                            if (!alertRules.saveRules(rulesArea.text))
                                root.showLine(rulesArea, alertRules.errorLine);
                        }
                    }
                    Button {
                        objectName: "restoreRulesButton"
                        text: qsTr("Restore the shipped rules")
                        enabled: alertRules.canEdit && alertRules.rulesEdited
                        onClicked: alertRules.restoreRules()
                    }
                    Button {
                        text: qsTr("Undo my changes")
                        enabled: alertRules.canEdit && rulesArea.text !== alertRules.rulesText
                        onClicked: rulesArea.text = alertRules.rulesText
                    }
                }
                Label {
                    id: rulesStatus

                    objectName: "rulesStatus"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                }
            }

            SectionCard {
                title: qsTr("Safer-use advice on alerts")
                Layout.fillWidth: true

                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: (alertRules.adviceEdited ? qsTr("Edited advice is in force.") : qsTr("The shipped advice (data/safer-use-advice.json) is in force."))
                          + " " + qsTr("One text per substance class, and a \"default\"; a new draft takes the texts of the classes it found.")
                }
                ScrollView {
                    Layout.fillWidth: true
                    Layout.preferredHeight: 220

                    TextArea {
                        id: adviceArea

                        objectName: "adviceArea"
                        background: Rectangle {
                            color: "white"
                            border.color: "#b0b0b0"
                        }
                        text: alertRules.adviceText
                        readOnly: !alertRules.canEdit
                        font.family: "monospace"
                        font.pixelSize: 12
                        wrapMode: TextEdit.Wrap
                        selectByMouse: true
                    }
                }
                RowLayout {
                    spacing: 8

                    Button {
                        objectName: "saveAdviceButton"
                        text: qsTr("Save advice")
                        enabled: alertRules.canEdit
                        onClicked: {
                            if (!alertRules.saveAdvice(adviceArea.text))
                                root.showLine(adviceArea, alertRules.errorLine);
                        }
                    }
                    Button {
                        objectName: "restoreAdviceButton"
                        text: qsTr("Restore the shipped advice")
                        enabled: alertRules.canEdit && alertRules.adviceEdited
                        onClicked: alertRules.restoreAdvice()
                    }
                }
            }
            Item {
                Layout.preferredHeight: 24
            }
        }
    }
}
