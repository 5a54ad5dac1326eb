pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Taking in a sample at the bench: keyboard first (Tab between fields, Ctrl+Enter to
// save, Escape to leave), sold-as completed from the synonyms, each validation message
// beside its field.
Page {
    id: root

    signal created(string sampleId)
    signal cancelled()

    readonly property bool isPill: formBox.currentText === "pill" || formBox.currentText === "capsule"
    property alias controller: intake

    function fields(): var {
        return {
            sold_as: soldAsField.text,
            form: formBox.currentText,
            colour: colourField.text,
            texture: textureField.text,
            site: siteBox.currentText,
            intake_channel: channelBox.currentText,
            sample_type: typeBox.currentText,
            received_at: receivedField.text,
            pill_logo: root.isPill ? logoField.text : "",
            pill_score_line: root.isPill ? scoreField.text : "",
            pill_diameter_mm: root.isPill ? diameterField.text : "",
            pill_thickness_mm: root.isPill ? thicknessField.text : "",
            pill_mass_mg: root.isPill ? massField.text : "",
            reported_effects: effectsField.text,
            overdose_involved: overdoseBox.checked ? "yes" : "",
            research_consent: consentBox.checked,
            notes: notesField.text
        };
    }

    function clearErrors(): void {
        for (const f of [soldAsBox, formField, colourBox, siteField, receivedBox, logoBox, massBox, notesBox,
                         effectsBox, channelField, typeField])
            f.error = "";
        generalError.text = "";
    }

    function fieldFor(name: string): var {
        const map = {
            sold_as: soldAsBox, form: formField, colour: colourBox, texture: colourBox, site: siteField,
            received_at: receivedBox, pill_logo: logoBox, pill_score_line: logoBox,
            pill_diameter_mm: massBox, pill_thickness_mm: massBox, pill_mass_mg: massBox,
            notes: notesBox, reported_effects: effectsBox, intake_channel: channelField, sample_type: typeField
        };
        return map[name] || null;
    }

    function save(): void {
        clearErrors();
        const id = intake.submit(fields());
        if (id.length > 0)
            root.created(id);
    }

    Shortcut {
        sequences: ["Ctrl+Return", "Ctrl+Enter"]
        onActivated: root.save()
    }

    Shortcut {
        sequence: "Escape"
        enabled: !completion.visible
        onActivated: root.cancelled()
    }

    IntakeController {
        id: intake

        onFieldError: (field, message) => {
            const target = root.fieldFor(field);
            if (target) {
                target.error = message;
            } else {
                generalError.text = message;
            }
        }
        onErrorOccurred: message => generalError.text = message
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12

            Label {
                text: qsTr("New sample")
                font.pixelSize: 18
                font.bold: true
            }

            Label {
                text: qsTr("Tab moves between fields · Ctrl+Enter saves · Esc cancels")
                opacity: 0.7
                Layout.fillWidth: true
                horizontalAlignment: Text.AlignRight
            }
        }
    }

    // A Flickable rather than a ScrollView: the form's width comes from the page, its
    // height from the form, and neither depends on the other (no binding loop).
    Flickable {
        id: scroll

        anchors.fill: parent
        contentWidth: width
        contentHeight: form.implicitHeight + 32
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: form

            width: Math.min(scroll.width - 48, 1200)
            x: 24
            y: 16
            spacing: 14

            RowLayout {
                Layout.fillWidth: true
                spacing: 32

                // What it is.
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: 14

                    // Left column: what it is.
                    FormField {
                        id: soldAsBox

                        label: qsTr("Sold as (the person's words)")
                        hint: intake.normalizeSoldAs(soldAsField.text).length > 0
                              ? qsTr("Recognised as: %1").arg(intake.normalizeSoldAs(soldAsField.text))
                              : qsTr("Write it as they said it: “down”, “molly”, “unknown”")
                        Layout.fillWidth: true
                        
                        TextField {
                            id: soldAsField

                            objectName: "soldAsField"
                            Layout.fillWidth: true
                            placeholderText: qsTr("e.g. down")
                            Component.onCompleted: forceActiveFocus()
                            onTextEdited: {
                                completionList.model = intake.completeSoldAs(text);
                                completionList.currentIndex = -1;
                                if (completionList.count > 0 && !(completionList.count === 1 && completionList.model[0] === text.toLowerCase()))
                                    completion.open();
                                else
                                    completion.close();
                            }
                            Keys.onDownPressed: {
                                if (completion.visible) {
                                    completionList.forceActiveFocus();
                                    completionList.currentIndex = 0;
                                }
                            }
                            onActiveFocusChanged: if (!activeFocus && !completionList.activeFocus) completion.close()

                            Popup {
                                id: completion

                                y: soldAsField.height
                                width: soldAsField.width
                                padding: 1
                                focus: false
                                closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutsideParent

                                ListView {
                                    id: completionList

                                    implicitHeight: contentHeight
                                    Layout.fillWidth: true
                                    clip: true
                                    model: []
                                    keyNavigationWraps: true
                                    delegate: ItemDelegate {
                                        id: suggestion

                                        required property string modelData
                                        required property int index

                                        width: ListView.view.width
                                        text: suggestion.modelData
                                        highlighted: ListView.isCurrentItem
                                        onClicked: {
                                            soldAsField.text = suggestion.modelData;
                                            completion.close();
                                            formBox.forceActiveFocus();
                                        }
                                    }
                                    Keys.onReturnPressed: {
                                        if (currentIndex >= 0)
                                            soldAsField.text = model[currentIndex];
                                        completion.close();
                                        formBox.forceActiveFocus();
                                    }
                                    Keys.onEscapePressed: {
                                        completion.close();
                                        soldAsField.forceActiveFocus();
                                    }
                                }
                            }
                        }
                    }

                    FormField {
                        id: formField

                        label: qsTr("Form")
                        Layout.fillWidth: true
                        
                        ComboBox {
                            id: formBox

                            objectName: "formBox"
                            Layout.fillWidth: true
                            model: intake.forms
                        }
                    }

                    FormField {
                        id: colourBox

                        label: qsTr("Colour and texture")
                        Layout.fillWidth: true

                        RowLayout {
                            Layout.fillWidth: true

                            TextField {
                                id: colourField

                                objectName: "colourField"
                                Layout.fillWidth: true
                                placeholderText: qsTr("colour, e.g. off-white")
                            }

                            TextField {
                                id: textureField

                                objectName: "textureField"
                                Layout.fillWidth: true
                                placeholderText: qsTr("texture, e.g. chunky")
                            }
                        }
                    }

                    // Pill details stay in place and are enabled for pills and capsules only:
                    // a form that keeps its shape is faster to fill in by habit.
                    FormField {
                        id: logoBox

                        enabled: root.isPill
                        opacity: enabled ? 1 : 0.45
                        label: qsTr("Pill logo and score line (pills and capsules)")
                        Layout.fillWidth: true

                        RowLayout {
                            Layout.fillWidth: true

                            TextField {
                                id: logoField

                                objectName: "pillLogoField"
                                Layout.fillWidth: true
                                placeholderText: qsTr("logo")
                            }

                            TextField {
                                id: scoreField

                                Layout.fillWidth: true
                                placeholderText: qsTr("score line")
                            }
                        }
                    }

                    FormField {
                        id: massBox


                        enabled: root.isPill
                        opacity: enabled ? 1 : 0.45
                        label: qsTr("Pill size (pills and capsules)")
                        Layout.fillWidth: true

                        RowLayout {
                            Layout.fillWidth: true

                            TextField {
                                id: massField

                                objectName: "pillMassField"
                                Layout.fillWidth: true
                                placeholderText: qsTr("mass mg")
                            }

                            TextField {
                                id: diameterField

                                Layout.fillWidth: true
                                placeholderText: qsTr("diameter mm")
                            }

                            TextField {
                                id: thicknessField

                                Layout.fillWidth: true
                                placeholderText: qsTr("thickness mm")
                            }
                        }
                    }

                    FormField {
                        id: typeField

                        label: qsTr("Sample type")
                        Layout.fillWidth: true

                        ComboBox {
                            id: typeBox

                            Layout.fillWidth: true
                            model: intake.sampleTypes
                        }
                    }

                }

                // Where, when and what else.
                ColumnLayout {
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop
                    spacing: 14

                    // Where and when.
                    FormField {
                        id: siteField

                        label: qsTr("Site")
                        Layout.fillWidth: true

                        ComboBox {
                            id: siteBox

                            Layout.fillWidth: true
                            model: intake.sites
                        }
                    }

                    FormField {
                        id: channelField

                        label: qsTr("Intake channel")
                        Layout.fillWidth: true

                        ComboBox {
                            id: channelBox

                            Layout.fillWidth: true
                            model: intake.intakeChannels
                        }
                    }

                    FormField {
                        id: receivedBox

                        label: qsTr("Received at (%1 time)").arg(intake.timeZone)
                        hint: qsTr("Leave empty for now, or e.g. 2026-11-22 14:05")
                        Layout.fillWidth: true

                        TextField {
                            id: receivedField

                            objectName: "receivedField"
                            Layout.fillWidth: true
                            placeholderText: qsTr("now")
                        }
                    }

                    FormField {
                        id: effectsBox

                        label: qsTr("Effects the person reports (optional)")
                        Layout.fillWidth: true

                        TextField {
                            id: effectsField

                            Layout.fillWidth: true
                        }
                    }

                    ColumnLayout {
                        Layout.fillWidth: true

                        CheckBox {
                            id: overdoseBox

                            text: qsTr("Involved in an overdose")
                        }

                        CheckBox {
                            id: consentBox

                            objectName: "consentBox"
                            text: qsTr("Consents to anonymized research use")
                        }
                    }

                    FormField {
                        id: notesBox

                        label: qsTr("Internal notes (never published)")
                        Layout.fillWidth: true

                        TextArea {
                            id: notesField

                            objectName: "notesField"
                            Layout.fillWidth: true
                            Layout.preferredHeight: 72
                            background: Rectangle {
                                color: notesField.palette.base
                                border.color: notesField.activeFocus ? notesField.palette.highlight : notesField.palette.mid
                            }
                            wrapMode: TextEdit.Wrap
                            KeyNavigation.priority: KeyNavigation.BeforeItem
                            KeyNavigation.tab: saveButton
                        }
                    }

                }
            }

            Label {
                id: generalError

                objectName: "intakeError"
                Layout.fillWidth: true
                // Kept in the layout while empty (see FormField.qml).
                color: "#b00020"
                wrapMode: Text.Wrap
            }

            RowLayout {
                spacing: 12

                Button {
                    id: saveButton

                    objectName: "saveSampleButton"
                    text: qsTr("Save sample (Ctrl+Enter)")
                    highlighted: true
                    onClicked: root.save()
                    Keys.onReturnPressed: root.save()
                }

                Button {
                    text: qsTr("Cancel")
                    onClicked: root.cancelled()
                }
            }
        }
    }
}
