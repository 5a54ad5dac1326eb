pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The coordinator's alerts: drafts and published alerts on the left (by severity colour),
// the editor, the live preview of the anonymized bulletin and the alert's history on the
// right. Publishing, corrections and withdrawals need the coordinator role. "Export
// site" writes everything the community reads into one folder.
Page {
    id: root

    function severityColour(severity: string): color {
        if (severity === Vocabulary.warning)
            return "#b3261e";
        if (severity === Vocabulary.caution)
            return "#b26a00";
        return "#1f5fa8";
    }

    function pushPending(): void {
        alerts.setPending(headlineField.text, foundField.text, soldAsField.text, adviceField.text, severityBox.currentText);
    }

    AlertsController {
        id: alerts

        onErrorOccurred: message => {
            statusLabel.color = "#b3261e";
            statusLabel.text = message;
            exportMessage.color = "#b3261e";
            exportMessage.text = message;
        }
        onPublished: message => {
            statusLabel.color = "#1b5e20";
            statusLabel.text = message;
            exportMessage.color = "#1b5e20";
            exportMessage.text = message;
        }
        onSelectionChanged: {
            const a = alerts.selected;
            headlineField.text = a.headline ?? "";
            foundField.text = a.found ?? "";
            soldAsField.text = a.soldAs ?? "";
            adviceField.text = a.advice ?? "";
            const i = severityBox.model.indexOf(a.severity ?? "");
            severityBox.currentIndex = i >= 0 ? i : 0;
            reasonField.text = "";
        }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12

            Label {
                objectName: "alertsTitle"
                text: qsTr("Alerts: %1").arg(alerts.count)
                font.pixelSize: 18
                font.bold: true
            }
            Label {
                id: statusLabel

                objectName: "alertsStatus"
                Layout.fillWidth: true
                elide: Text.ElideRight
                text: alerts.canPublish ? alerts.demoNote : qsTr("Only a coordinator can edit and publish alerts.")
                opacity: 0.75
            }
            ToolButton {
                objectName: "refreshAlertsButton"
                text: qsTr("Draft from verified results")
                onClicked: alerts.refresh()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Match the verified samples against the alert rules")
            }
            ToolButton {
                objectName: "exportSiteButton"
                text: qsTr("Export site…")
                onClicked: {
                    exportMessage.text = "";
                    exportDialog.open();
                }
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Write the community site, feed, CAP, JSON, CSV and posters")
            }
        }
    }

    // What the window shows, for the GUI tests (tests/app/gui_*.sh), which wait for these
    // lines instead of sleeping: silent unless QT_LOGGING_RULES="candor.ui.info=true".
    LoggingCategory {
        id: uiLog

        name: "candor.ui"
        defaultLogLevel: LoggingCategory.Warning
    }

    DialogLauncher {
        id: folderDialog

        kind: DialogLauncher.ChooseFolder
        title: qsTr("Folder for the community site")
        onChosen: urls => alerts.exportFolder = urls[0]
    }

    Dialog {
        id: exportDialog

        objectName: "exportDialog"
        title: qsTr("Export the community site")
        modal: true
        parent: Overlay.overlay
        x: (parent.width - width) / 2
        y: (parent.height - height) / 3
        width: Math.min(root.width - 48, 720)
        standardButtons: Dialog.Close
        onOpened: console.info(uiLog, "opened \"" + exportDialog.title + "\"")
        onClosed: console.info(uiLog, "closed \"" + exportDialog.title + "\"")

        ColumnLayout {
            anchors.fill: parent
            spacing: 10

            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("Writes every published alert as web pages, an Atom feed, CAP messages, JSON, CSV and printable "
                           + "posters, after the anonymizer has checked every byte. The folder is replaced whole on each "
                           + "export, so give it a folder of its own; a folder with other files is refused.")
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 8

                TextField {
                    id: folderField

                    objectName: "exportFolderField"
                    Layout.fillWidth: true
                    text: alerts.exportFolder
                    onEditingFinished: alerts.exportFolder = folderField.text
                }
                Button {
                    objectName: "chooseExportFolderButton"
                    text: qsTr("Choose…")
                    onClicked: folderDialog.open()
                }
            }
            RowLayout {
                spacing: 8

                Button {
                    objectName: "exportNowButton"
                    text: qsTr("Export")
                    highlighted: true
                    onClicked: {
                        alerts.exportFolder = folderField.text;
                        alerts.exportSite();
                    }
                }
                Button {
                    objectName: "openSiteButton"
                    text: qsTr("Open in browser")
                    enabled: alerts.exportedIndex !== ""
                    onClicked: Qt.openUrlExternally(alerts.exportedIndex)
                }
            }
            Label {
                id: exportMessage

                objectName: "exportMessage"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
            }
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 12

        ListView {
            id: list

            objectName: "alertsList"
            Layout.preferredWidth: 380
            Layout.fillHeight: true
            spacing: 6
            clip: true
            model: alerts.alerts

            delegate: ItemDelegate {
                id: row

                required property var modelData
                required property int index

                objectName: "alertRow" + row.index
                width: list.width
                highlighted: row.modelData.id === alerts.selectedId
                onClicked: alerts.select(row.modelData.id)

                contentItem: RowLayout {
                    spacing: 8

                    Rectangle {
                        Layout.preferredWidth: 6
                        Layout.fillHeight: true
                        color: root.severityColour(row.modelData.severity)
                    }
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 2

                        Label {
                            text: qsTr("%1 · %2%3").arg(row.modelData.severity.toUpperCase()).arg(row.modelData.status)
                                .arg(row.modelData.needsUpdate ? qsTr(" · new samples since publishing") : "")
                            color: row.highlighted ? row.palette.highlightedText : root.severityColour(row.modelData.severity)
                            font.bold: true
                        }
                        Label {
                            text: row.modelData.headline
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                        Label {
                            text: qsTr("%1 · %2 · %3").arg(row.modelData.samples === 1 ? qsTr("1 sample") : qsTr("%1 samples").arg(row.modelData.samples))
                                .arg(row.modelData.region).arg(row.modelData.window)
                            opacity: 0.7
                        }
                    }
                }
            }

            Label {
                anchors.centerIn: parent
                width: parent.width - 24
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                text: alerts.count === 0 ? qsTr("No alerts yet. “Draft from verified results” matches the verified samples against the rules.")
                                           + (alerts.demoNote === "" ? "" : "\n\n" + alerts.demoNote) : ""
                opacity: 0.7
            }
        }

        ScrollView {
            id: editorScroll

            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            enabled: alerts.selectedId !== ""

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
                        readOnly: !alerts.canEdit
                        onTextEdited: root.pushPending()
                    }
                    Label {
                        text: qsTr("Found")
                    }
                    TextField {
                        id: foundField

                        Layout.fillWidth: true
                        readOnly: !alerts.canEdit
                        onTextEdited: root.pushPending()
                    }
                    Label {
                        text: qsTr("Sold as")
                    }
                    TextField {
                        id: soldAsField

                        Layout.fillWidth: true
                        readOnly: !alerts.canEdit
                        onTextEdited: root.pushPending()
                    }
                    Label {
                        text: qsTr("Severity")
                    }
                    ComboBox {
                        id: severityBox

                        model: Vocabulary.alertSeverities
                        enabled: alerts.canEdit
                        onActivated: root.pushPending()
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
                        readOnly: !alerts.canEdit
                        onTextChanged: if (activeFocus)
                            root.pushPending()
                    }
                }

                RowLayout {
                    spacing: 8

                    Button {
                        objectName: "saveAlertButton"
                        text: qsTr("Save")
                        enabled: alerts.canEdit
                        onClicked: alerts.save(headlineField.text, foundField.text, soldAsField.text, adviceField.text, severityBox.currentText)
                    }
                    Button {
                        objectName: "publishAlertButton"
                        text: alerts.publishLabel
                        highlighted: true
                        enabled: alerts.canEdit
                        onClicked: {
                            if (alerts.save(headlineField.text, foundField.text, soldAsField.text, adviceField.text, severityBox.currentText))
                                alerts.publish();
                        }
                    }
                    TextField {
                        id: reasonField

                        objectName: "reasonField"
                        Layout.fillWidth: true
                        placeholderText: qsTr("Reason for withdrawing (required, published)")
                        enabled: alerts.canEdit
                    }
                    Button {
                        objectName: "withdrawAlertButton"
                        text: alerts.selectedStatus === "draft" ? qsTr("Dismiss draft") : qsTr("Withdraw")
                        enabled: alerts.canEdit && reasonField.text.trim().length > 0
                        onClicked: alerts.cancel(reasonField.text)
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
                    visible: alerts.selectedId !== "" && alerts.previewProblem.length > 0
                    text: alerts.previewProblem
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
                        text: alerts.selectedId === "" ? qsTr("Select an alert on the left to edit it, preview the bulletin and publish it.")
                                                       : alerts.preview
                    }
                }

                Label {
                    text: qsTr("History")
                    font.bold: true
                }
                Repeater {
                    model: alerts.history

                    delegate: Label {
                        required property var modelData

                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: qsTr("%1 · %2 · %3%4").arg(modelData.time).arg(modelData.type).arg(modelData.headline)
                            .arg(modelData.reason.length > 0 ? qsTr(" — reason: %1").arg(modelData.reason) : "")
                    }
                }
                Label {
                    text: alerts.history.length === 0 && alerts.selectedId !== "" ? qsTr("Not published yet.") : ""
                    opacity: 0.7
                }
            }
        }
    }
}
