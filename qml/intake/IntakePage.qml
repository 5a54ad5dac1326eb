pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Taking in a sample at the bench: keyboard first (Tab between fields, Ctrl+Enter to
// save, Escape to leave, asking first when something was typed), sold-as completed from
// the synonyms, no form chosen for the person (type-ahead on the whole typed prefix), and
// every invalid field named beside itself and outlined, the first one focused.
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

    // The messages of these fields, one per line, for the FormField that holds them.
    // IntakeController.errors is a dictionary, field -> sentence: looked up by a name
    // held in a variable, which Qt 6.4's qmllint would otherwise take for a property.
    function errorOf(name: string): string {
        return intake.errors[name] ?? "";
    }

    function errorsOf(names: list<string>): string {
        return names.filter(n => intake.errors[n] !== undefined).map(n => intake.errors[n]).join("\n");
    }

    function inputFor(name: string): Item {
        const map = {
            sold_as: soldAsField, form: formBox, colour: colourField, texture: textureField, site: siteBox,
            received_at: receivedField, pill_logo: logoField, pill_score_line: scoreField,
            pill_diameter_mm: diameterField, pill_thickness_mm: thicknessField, pill_mass_mg: massField,
            notes: notesField, reported_effects: effectsField, intake_channel: channelBox, sample_type: typeBox
        };
        return map[name] || null;
    }

    function save(): void {
        generalError.text = "";
        const id = intake.submit(fields());
        if (id.length > 0) {
            root.created(id);
            return;
        }
        // The person is looking at the field they must fix first.
        const first = root.inputFor(intake.firstInvalidField);
        if (first) {
            first.forceActiveFocus();
            const at = first.mapToItem(form, 0, 0);
            if (at.y < scroll.contentY || at.y + first.height > scroll.contentY + scroll.height)
                scroll.contentY = Math.max(0, Math.min(at.y - 40, scroll.contentHeight - scroll.height));
        }
    }

    // Esc leaves at once when nothing was typed; otherwise it asks. Esc that closes an
    // open drop-down or the sold-as suggestions goes to them alone.
    function leave(): void {
        if (intake.hasTypedData(fields()))
            discardDialog.open();
        else
            root.cancelled();
    }

    Shortcut {
        sequences: ["Ctrl+Return", "Ctrl+Enter"]
        onActivated: root.save()
    }

    Shortcut {
        sequence: "Escape"
        enabled: !completion.visible && !discardDialog.visible && !formBox.popup.visible && !typeBox.popup.visible
                 && !siteBox.popup.visible && !channelBox.popup.visible
        onActivated: root.leave()
    }

    IntakeController {
        id: intake

        onErrorOccurred: message => generalError.text = message
    }

    Dialog {
        id: discardDialog

        objectName: "discardIntakeDialog"
        parent: Overlay.overlay
        anchors.centerIn: parent
        modal: true
        title: qsTr("Discard this sample?")
        onOpened: keepEditingButton.forceActiveFocus()

        Label {
            text: qsTr("What you typed has not been saved. Discard it and leave?")
        }

        footer: DialogButtonBox {
            Button {
                id: keepEditingButton

                objectName: "keepEditingButton"
                text: qsTr("Keep editing")
                DialogButtonBox.buttonRole: DialogButtonBox.RejectRole
            }
            Button {
                objectName: "discardIntakeButton"
                text: qsTr("Discard")
                DialogButtonBox.buttonRole: DialogButtonBox.DestructiveRole
                onClicked: {
                    discardDialog.close();
                    root.cancelled();
                }
            }
        }
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

                        error: root.errorsOf(["sold_as"])

                        label: qsTr("Sold as (the person's words)")
                        hint: intake.normalizeSoldAs(soldAsField.text).length > 0
                              ? qsTr("Recognised as: %1").arg(intake.normalizeSoldAs(soldAsField.text))
                              : qsTr("Write it as they said it: “down”, “molly”, “unknown”")
                        Layout.fillWidth: true
                        
                        TextField {
                            id: soldAsField

                            Accessible.description: root.errorOf("sold_as")

                            InvalidOutline {
                                shown: root.errorOf("sold_as") !== ""
                            }

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

                        error: root.errorsOf(["form"])

                        label: qsTr("Form")
                        Layout.fillWidth: true
                        
                        // No form is chosen for the person: saving without one says so. Typing
                        // picks by the whole prefix typed since the box took the focus ("cr"
                        // is crystal; the built-in search went one key at a time, to rock).
                        ComboBox {
                            id: formBox

                            property string typed: ""

                            Accessible.description: root.errorOf("form")

                            InvalidOutline {
                                shown: root.errorOf("form") !== ""
                            }

                            objectName: "formBox"
                            Layout.fillWidth: true
                            model: intake.forms
                            currentIndex: -1
                            displayText: currentIndex < 0 ? qsTr("choose: type p for powder, cr for crystal…") : currentText
                            onActiveFocusChanged: typed = ""
                            Keys.onPressed: event => {
                                if (event.key === Qt.Key_Backspace) {
                                    typed = typed.slice(0, -1);
                                    event.accepted = true;
                                    return;
                                }
                                if (event.text.length !== 1 || event.text <= " " || (event.modifiers & (Qt.ControlModifier | Qt.AltModifier)))
                                    return;
                                // Starts again from this key when the longer prefix matches nothing.
                                let next = typed + event.text;
                                let index = intake.typeAheadIndex(model, next);
                                if (index < 0) {
                                    next = event.text;
                                    index = intake.typeAheadIndex(model, next);
                                }
                                typed = index >= 0 ? next : "";
                                if (index >= 0)
                                    currentIndex = index;
                                event.accepted = true;
                            }
                        }
                    }

                    FormField {
                        id: colourBox

                        error: root.errorsOf(["colour", "texture"])

                        label: qsTr("Colour and texture")
                        Layout.fillWidth: true

                        RowLayout {
                            Layout.fillWidth: true

                            TextField {
                                id: colourField

                                Accessible.description: root.errorOf("colour")

                                InvalidOutline {
                                    shown: root.errorOf("colour") !== ""
                                }

                                objectName: "colourField"
                                Layout.fillWidth: true
                                placeholderText: qsTr("colour, e.g. off-white")
                            }

                            TextField {
                                id: textureField

                                Accessible.description: root.errorOf("texture")

                                InvalidOutline {
                                    shown: root.errorOf("texture") !== ""
                                }

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

                        error: root.errorsOf(["pill_logo", "pill_score_line"])

                        enabled: root.isPill
                        opacity: enabled ? 1 : 0.45
                        label: qsTr("Pill logo and score line (pills and capsules)")
                        Layout.fillWidth: true

                        RowLayout {
                            Layout.fillWidth: true

                            TextField {
                                id: logoField

                                Accessible.description: root.errorOf("pill_logo")

                                InvalidOutline {
                                    shown: root.errorOf("pill_logo") !== ""
                                }

                                objectName: "pillLogoField"
                                Layout.fillWidth: true
                                placeholderText: qsTr("logo")
                            }

                            TextField {
                                id: scoreField

                                Accessible.description: root.errorOf("pill_score_line")

                                InvalidOutline {
                                    shown: root.errorOf("pill_score_line") !== ""
                                }

                                Layout.fillWidth: true
                                placeholderText: qsTr("score line")
                            }
                        }
                    }

                    FormField {
                        id: massBox

                        error: root.errorsOf(["pill_mass_mg", "pill_diameter_mm", "pill_thickness_mm"])


                        enabled: root.isPill
                        opacity: enabled ? 1 : 0.45
                        label: qsTr("Pill size (pills and capsules)")
                        Layout.fillWidth: true

                        RowLayout {
                            Layout.fillWidth: true

                            TextField {
                                id: massField

                                Accessible.description: root.errorOf("pill_mass_mg")

                                InvalidOutline {
                                    shown: root.errorOf("pill_mass_mg") !== ""
                                }

                                objectName: "pillMassField"
                                Layout.fillWidth: true
                                placeholderText: qsTr("mass mg")
                            }

                            TextField {
                                id: diameterField

                            objectName: "pillDiameterField"

                                Accessible.description: root.errorOf("pill_diameter_mm")

                                InvalidOutline {
                                    shown: root.errorOf("pill_diameter_mm") !== ""
                                }

                                Layout.fillWidth: true
                                placeholderText: qsTr("diameter mm")
                            }

                            TextField {
                                id: thicknessField

                                Accessible.description: root.errorOf("pill_thickness_mm")

                                InvalidOutline {
                                    shown: root.errorOf("pill_thickness_mm") !== ""
                                }

                                Layout.fillWidth: true
                                placeholderText: qsTr("thickness mm")
                            }
                        }
                    }

                    FormField {
                        id: typeField

                        error: root.errorsOf(["sample_type"])

                        label: qsTr("Sample type")
                        Layout.fillWidth: true

                        ComboBox {
                            id: typeBox

                            Accessible.description: root.errorOf("sample_type")

                            InvalidOutline {
                                shown: root.errorOf("sample_type") !== ""
                            }

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

                        error: root.errorsOf(["site"])

                        label: qsTr("Site")
                        Layout.fillWidth: true

                        ComboBox {
                            id: siteBox

                            Accessible.description: root.errorOf("site")

                            InvalidOutline {
                                shown: root.errorOf("site") !== ""
                            }

                            Layout.fillWidth: true
                            model: intake.sites
                        }
                    }

                    FormField {
                        id: channelField

                        error: root.errorsOf(["intake_channel"])

                        label: qsTr("Intake channel")
                        Layout.fillWidth: true

                        ComboBox {
                            id: channelBox

                            Accessible.description: root.errorOf("intake_channel")

                            InvalidOutline {
                                shown: root.errorOf("intake_channel") !== ""
                            }

                            Layout.fillWidth: true
                            model: intake.intakeChannels
                        }
                    }

                    FormField {
                        id: receivedBox

                        error: root.errorsOf(["received_at"])

                        label: qsTr("Received at (%1 time)").arg(intake.timeZone)
                        hint: qsTr("Leave empty for now, or e.g. 2026-11-22 14:05")
                        Layout.fillWidth: true

                        TextField {
                            id: receivedField

                            Accessible.description: root.errorOf("received_at")

                            InvalidOutline {
                                shown: root.errorOf("received_at") !== ""
                            }

                            objectName: "receivedField"
                            Layout.fillWidth: true
                            placeholderText: qsTr("now")
                        }
                    }

                    FormField {
                        id: effectsBox

                        error: root.errorsOf(["reported_effects"])

                        label: qsTr("Effects the person reports (optional)")
                        Layout.fillWidth: true

                        TextField {
                            id: effectsField

                            Accessible.description: root.errorOf("reported_effects")

                            InvalidOutline {
                                shown: root.errorOf("reported_effects") !== ""
                            }

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

                        error: root.errorsOf(["notes"])

                        label: qsTr("Internal notes (never published)")
                        Layout.fillWidth: true

                        TextArea {
                            id: notesField

                            Accessible.description: root.errorOf("notes")

                            InvalidOutline {
                                shown: root.errorOf("notes") !== ""
                            }

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
