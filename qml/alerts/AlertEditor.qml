pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The selected alert: its text to edit (the preview follows every keystroke), Save,
// Publish or Publish correction, Withdraw with a reason, the anonymized bulletin exactly
// as it will go out, and every message the alert sent.
ScrollView {
    id: editorScroll

    required property AlertsController alerts

    function pushPending(): void {
        editorScroll.alerts.setPending(headlineField.text, foundField.text, soldAsField.text, adviceField.text,
                                       severityBox.currentText);
    }

    function saveEdits(): bool {
        return editorScroll.alerts.save(headlineField.text, foundField.text, soldAsField.text, adviceField.text,
                                        severityBox.currentText);
    }

    contentWidth: availableWidth
    enabled: editorScroll.alerts.selectedId !== ""

    Connections {
        target: editorScroll.alerts

        function onSelectionChanged(): void {
            const a = editorScroll.alerts;
            headlineField.text = a.selectedHeadline;
            foundField.text = a.selectedFound;
            soldAsField.text = a.selectedSoldAs;
            adviceField.text = a.selectedAdvice;
            severityBox.currentIndex = Math.max(0, severityBox.find(a.selectedSeverity));
            reasonField.text = "";
        }
    }

    ColumnLayout {
        width: editorScroll.availableWidth
        spacing: 8

        GridLayout {
            columns: 2
            columnSpacing: 8
            rowSpacing: 6
            Layout.fillWidth: true

            Label {
                text: qsTr("Headline")
            }
            TextField {
                id: headlineField

                objectName: "headlineField"
                Layout.fillWidth: true
                readOnly: !editorScroll.alerts.canEdit
                onTextEdited: editorScroll.pushPending()
            }
            Label {
                text: qsTr("Found")
            }
            TextField {
                id: foundField

                Layout.fillWidth: true
                readOnly: !editorScroll.alerts.canEdit
                onTextEdited: editorScroll.pushPending()
            }
            Label {
                text: qsTr("Sold as")
            }
            TextField {
                id: soldAsField

                Layout.fillWidth: true
                readOnly: !editorScroll.alerts.canEdit
                onTextEdited: editorScroll.pushPending()
            }
            Label {
                text: qsTr("Severity")
            }
            ComboBox {
                id: severityBox

                model: Vocabulary.alertSeverities
                enabled: editorScroll.alerts.canEdit
                onActivated: editorScroll.pushPending()
            }
            Label {
                text: qsTr("Safer use")
                Layout.alignment: Qt.AlignTop
            }
            TextArea {
                id: adviceField

                Layout.fillWidth: true
                Layout.preferredHeight: 90
                wrapMode: TextEdit.Wrap
                readOnly: !editorScroll.alerts.canEdit
                onTextChanged: if (activeFocus)
                    editorScroll.pushPending()
            }
        }

        RowLayout {
            spacing: 8

            Button {
                objectName: "saveAlertButton"
                text: qsTr("Save")
                enabled: editorScroll.alerts.canEdit
                onClicked: editorScroll.saveEdits()
            }
            Button {
                objectName: "publishAlertButton"
                text: editorScroll.alerts.publishLabel
                highlighted: true
                enabled: editorScroll.alerts.canEdit
                onClicked: {
                    if (editorScroll.saveEdits())
                        editorScroll.alerts.publish();
                }
            }
            TextField {
                id: reasonField

                objectName: "reasonField"
                Layout.fillWidth: true
                placeholderText: qsTr("Reason for withdrawing (required, published)")
                enabled: editorScroll.alerts.canEdit
            }
            Button {
                objectName: "withdrawAlertButton"
                text: editorScroll.alerts.withdrawLabel
                enabled: editorScroll.alerts.canEdit && reasonField.text.trim().length > 0
                onClicked: editorScroll.alerts.cancel(reasonField.text)
            }
        }

        Label {
            text: qsTr("Preview: exactly what will be published, after anonymization")
            font.bold: true
        }
        // The export's own check, run on the preview: what it refuses cannot be
        // published, so the coordinator sees why before pressing Publish.
        Label {
            objectName: "alertPreviewProblem"
            Layout.fillWidth: true
            visible: editorScroll.alerts.selectedId !== "" && editorScroll.alerts.previewProblem.length > 0
            text: editorScroll.alerts.previewProblem
            color: "#a4262c"
            wrapMode: Text.Wrap
            Accessible.role: Accessible.AlertMessage
        }
        Frame {
            Layout.fillWidth: true

            Text {
                objectName: "alertPreview"
                width: parent.width
                textFormat: Text.RichText
                wrapMode: Text.Wrap
                text: editorScroll.alerts.selectedId === ""
                      ? qsTr("Select an alert on the left to edit it, preview the bulletin and publish it.")
                      : editorScroll.alerts.preview
            }
        }

        Label {
            text: qsTr("History")
            font.bold: true
        }
        Repeater {
            model: editorScroll.alerts.history

            delegate: Label {
                required property string time
                required property string messageType
                required property string headline
                required property string reason

                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("%1 · %2 · %3%4").arg(time).arg(messageType).arg(headline)
                    .arg(reason.length > 0 ? qsTr(" — reason: %1").arg(reason) : "")
            }
        }
        Label {
            text: editorScroll.alerts.history.count === 0 && editorScroll.alerts.selectedId !== ""
                  ? qsTr("Not published yet.") : ""
            opacity: 0.7
        }
    }
}
