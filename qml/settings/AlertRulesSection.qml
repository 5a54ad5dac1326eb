pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The alert rules and the safer-use advice on alerts (coordinator or admin), each in a
// form (RuleCard, AdviceRow) and as JSON for power users. One validator checks both; a
// refused form marks the rule and field it names and says why there and beside Save.
ColumnLayout {
    id: root

    spacing: 12

    // Which card's status line the controller's next message is for.
    property string editing: "rules"

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
        id: rules

        onSaved: message => {
            const label = root.editing === "rules" ? rulesStatus : adviceStatus;
            label.color = "#1b5e20";
            label.text = message;
        }
        onErrorOccurred: message => {
            const label = root.editing === "rules" ? rulesStatus : adviceStatus;
            label.color = "#b00020";
            label.text = message;
        }
    }

    SectionCard {
        title: qsTr("Alert rules")
        Layout.fillWidth: true

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: (rules.rulesEdited ? qsTr("Edited rules are in force.") : qsTr("The shipped rules (data/alert-rules.json) are in force."))
                  + " " + qsTr("Each rule turns verified findings into draft alerts when all its conditions hold. A rule with a mistake is refused with what is wrong, and the rules in force stay.")
                  + (rules.canEdit ? "" : " " + qsTr("Only a coordinator or an admin can change them."))
        }

        TabBar {
            id: rulesTabs

            Layout.fillWidth: true

            TabButton {
                objectName: "rulesFormTab"
                text: qsTr("Form")
            }
            TabButton {
                objectName: "rulesJsonTab"
                text: qsTr("JSON (for power users)")
            }
        }

        StackLayout {
            Layout.fillWidth: true
            currentIndex: rulesTabs.currentIndex

            ColumnLayout {
                spacing: 8

                Repeater {
                    model: rules.ruleRows

                    delegate: RuleCard {
                        alertRules: rules
                        refusal: rulesStatus.text
                    }
                }

                RowLayout {
                    spacing: 8

                    Button {
                        objectName: "saveRuleFormButton"
                        text: qsTr("Save rules")
                        highlighted: true
                        enabled: rules.canEdit
                        onClicked: {
                            root.editing = "rules";
                            rules.saveRuleForm();
                        }
                    }
                    Button {
                        objectName: "addRuleButton"
                        text: qsTr("Add a rule")
                        enabled: rules.canEdit
                        onClicked: {
                            root.editing = "rules";
                            rules.addRule();
                        }
                    }
                    Button {
                        text: qsTr("Undo my changes")
                        enabled: rules.canEdit
                        onClicked: rules.reload()
                    }
                }
            }

            ColumnLayout {
                spacing: 8

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
                        text: rules.rulesText
                        readOnly: !rules.canEdit
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
                        enabled: rules.canEdit
                        onClicked: {
                            root.editing = "rules";
                            if (!rules.saveRules(rulesArea.text))
                                root.showLine(rulesArea, rules.errorLine);
                        }
                    }
                    Button {
                        text: qsTr("Undo my changes")
                        enabled: rules.canEdit && rulesArea.text !== rules.rulesText
                        onClicked: rulesArea.text = rules.rulesText
                    }
                }
            }
        }

        Button {
            objectName: "restoreRulesButton"
            text: qsTr("Restore the shipped rules")
            enabled: rules.canEdit && rules.rulesEdited
            onClicked: {
                root.editing = "rules";
                rules.restoreRules();
            }
        }
        Label {
            id: rulesStatus

            objectName: "rulesStatus"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
        }
    }

    SectionCard {
        title: qsTr("Safer-use advice on alerts")
        Layout.fillWidth: true

        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: (rules.adviceEdited ? qsTr("Edited advice is in force.") : qsTr("The shipped advice (data/safer-use-advice.json) is in force."))
                  + " " + qsTr("One text per substance class, and a \"default\"; a new draft takes the texts of the classes it found.")
        }

        TabBar {
            id: adviceTabs

            Layout.fillWidth: true

            TabButton {
                objectName: "adviceFormTab"
                text: qsTr("Form")
            }
            TabButton {
                objectName: "adviceJsonTab"
                text: qsTr("JSON (for power users)")
            }
        }

        StackLayout {
            Layout.fillWidth: true
            currentIndex: adviceTabs.currentIndex

            ColumnLayout {
                spacing: 6

                Repeater {
                    model: rules.adviceRows

                    delegate: AdviceRow {
                        alertRules: rules
                    }
                }
                RowLayout {
                    spacing: 8

                    Button {
                        objectName: "saveAdviceFormButton"
                        text: qsTr("Save advice")
                        highlighted: true
                        enabled: rules.canEdit
                        onClicked: {
                            root.editing = "advice";
                            rules.saveAdviceForm();
                        }
                    }
                    Button {
                        text: qsTr("Add advice for a class")
                        enabled: rules.canEdit
                        onClicked: rules.addAdvice()
                    }
                }
            }

            ColumnLayout {
                ScrollView {
                    id: adviceScroll

                    Layout.fillWidth: true
                    Layout.preferredHeight: 220
                    contentWidth: adviceScroll.availableWidth

                    TextArea {
                        id: adviceArea

                        objectName: "adviceArea"
                        background: Rectangle {
                            color: "white"
                            border.color: "#b0b0b0"
                        }
                        text: rules.adviceText
                        readOnly: !rules.canEdit
                        font.family: "monospace"
                        font.pixelSize: 12
                        wrapMode: TextEdit.Wrap
                        selectByMouse: true
                    }
                }
                Button {
                    objectName: "saveAdviceButton"
                    text: qsTr("Save advice")
                    enabled: rules.canEdit
                    onClicked: {
                        root.editing = "advice";
                        if (!rules.saveAdvice(adviceArea.text))
                            root.showLine(adviceArea, rules.errorLine);
                    }
                }
            }
        }

        Button {
            objectName: "restoreAdviceButton"
            text: qsTr("Restore the shipped advice")
            enabled: rules.canEdit && rules.adviceEdited
            onClicked: {
                root.editing = "advice";
                rules.restoreAdvice();
            }
        }
        Label {
            id: adviceStatus

            objectName: "adviceStatus"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
        }
    }
}
