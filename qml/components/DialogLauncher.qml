pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import Candor

// Opens one of Qt's file or folder dialogs (QtQuick.Dialogs) for a page. The dialog lives in
// its own file behind a Loader, and DialogSupport loads its QML first: a module missing on
// this computer (Qt.labs.folderlistmodel, QtQuick.Dialogs itself) becomes a message here
// and the app goes on; opened without that check, Qt 6.4 crashes. This file imports no
// QtQuick.Dialogs, so the page around it loads whatever is missing.
Item {
    id: root

    // Nothing of its own to show: a layout it sits in gives it no room.
    visible: false

    enum Kind {
        OpenFiles,
        ChooseFolder
    }

    property int kind: DialogLauncher.OpenFiles
    // Says what the dialog is for, in the window and in the message when it cannot open.
    property string title
    property list<string> nameFilters
    // Where a save dialog starts and the name it offers (SaveFileDialog); empty for none.
    property url suggestedFile
    // The QML file around Qt's dialog; tests point it at one that cannot load.
    property url source: root.kind === DialogLauncher.OpenFiles ? Qt.resolvedUrl("OpenFilesDialog.qml")
                                                                 : Qt.resolvedUrl("ChooseFolderDialog.qml")
    // The loaded wrapper (OpenFilesDialog or ChooseFolderDialog): both have title, shown,
    // open(), close() and chosen(urls).
    readonly property var dialog: loader.item
    readonly property bool shown: root.dialog ? root.dialog.shown : false
    // The last reason the dialog could not open, "" after one opened.
    property string problem

    signal chosen(var urls)

    function open(): void {
        root.problem = DialogSupport.problemOpening(root.title, root.source,
                                                    root.kind === DialogLauncher.OpenFiles ? "FileDialog" : "FolderDialog");
        if (root.problem === "") {
            loader.active = true;
            if (loader.status !== Loader.Ready)
                root.problem = qsTr("The %1 dialog could not be opened (see the log). Run scripts/deps (as root).").arg(root.title);
        }
        if (root.problem !== "") {
            console.warn(uiLog, "could not open \"" + root.title + "\": " + root.problem);
            problemDialog.open();
            return;
        }
        root.dialog.title = root.title;
        if (root.kind === DialogLauncher.OpenFiles)
            root.dialog.nameFilters = root.nameFilters;
        if (root.suggestedFile.toString() !== "" && root.dialog.suggest)
            root.dialog.suggest(root.suggestedFile);
        root.dialog.open();
    }

    function close(): void {
        if (root.dialog)
            root.dialog.close();
    }

    // What the window shows, for the GUI tests (tests/app/gui_*.sh), which wait for these
    // lines instead of sleeping: silent unless QT_LOGGING_RULES="candor.ui.info=true".
    LoggingCategory {
        id: uiLog

        name: "candor.ui"
        defaultLogLevel: LoggingCategory.Warning
    }

    onShownChanged: console.info(uiLog, (root.shown ? "opened \"" : "closed \"") + root.title + "\"")

    Loader {
        id: loader

        active: false
        source: root.source

        Connections {
            target: loader.item
            ignoreUnknownSignals: true

            function onChosen(urls: var): void {
                root.chosen(urls);
            }
        }
    }

    Dialog {
        id: problemDialog

        objectName: "dialogProblem"
        title: qsTr("Cannot open this dialog")
        modal: true
        // The keyboard goes to the message, so Escape or Return closes it.
        focus: true
        parent: Overlay.overlay
        x: (parent.width - width) / 2
        y: (parent.height - height) / 3
        width: Math.min(parent.width - 48, 640)
        standardButtons: Dialog.Ok
        onOpened: console.info(uiLog, "opened \"" + problemDialog.title + "\"")
        onClosed: console.info(uiLog, "closed \"" + problemDialog.title + "\"")

        Label {
            objectName: "dialogProblemText"
            width: problemDialog.availableWidth
            wrapMode: Text.Wrap
            text: root.problem
        }
    }
}
