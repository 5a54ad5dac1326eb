import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// "Export site…": the folder the community site is written to, Export, and Open in
// browser; the outcome is shown in the dialog (showMessage).
Dialog {
    id: dialog

    required property AlertsController alerts

    // The outcome of the last export (or any failure of the page), in its colour.
    function showMessage(message: string, colour: color): void {
        exportMessage.color = colour;
        exportMessage.text = message;
    }

    objectName: "exportDialog"
    title: qsTr("Export the community site")
    modal: true
    parent: Overlay.overlay
    x: (parent.width - width) / 2
    y: (parent.height - height) / 3
    standardButtons: Dialog.Close
    onAboutToShow: exportMessage.text = ""
    onOpened: console.info(uiLog, "opened \"" + dialog.title + "\"")
    onClosed: console.info(uiLog, "closed \"" + dialog.title + "\"")

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
        onChosen: urls => dialog.alerts.exportFolder = urls[0]
    }

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
                text: dialog.alerts.exportFolder
                onEditingFinished: dialog.alerts.exportFolder = folderField.text
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
                    dialog.alerts.exportFolder = folderField.text;
                    dialog.alerts.exportSite();
                }
            }
            Button {
                objectName: "openSiteButton"
                text: qsTr("Open in browser")
                enabled: dialog.alerts.exportedIndex !== ""
                onClicked: Qt.openUrlExternally(dialog.alerts.exportedIndex)
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
