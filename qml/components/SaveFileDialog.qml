import QtQml
import QtQuick
import QtQuick.Dialogs

// Qt's dialog for choosing where to save a file; loaded only through DialogLauncher (as
// its `source`). It does not ask about an existing file: the page asks, the same way
// whichever dialog this platform gives.
Item {
    id: root

    property alias title: dialog.title
    property alias nameFilters: dialog.nameFilters
    readonly property alias shown: dialog.visible

    signal chosen(var urls)

    // Opens in the suggested file's folder with its name filled in.
    function suggest(file: url): void {
        const path = String(file);
        dialog.currentFolder = path.slice(0, path.lastIndexOf("/"));
        dialog.selectedFile = file;
    }

    function open(): void {
        dialog.open();
    }

    function close(): void {
        dialog.close();
    }

    FileDialog {
        id: dialog

        fileMode: FileDialog.SaveFile
        options: FileDialog.DontConfirmOverwrite
        onAccepted: root.chosen([dialog.selectedFile])
    }
}
