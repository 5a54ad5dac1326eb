import QtQml
import QtQuick
import QtQuick.Dialogs

// Qt's dialog for choosing files to open; loaded only through DialogLauncher.
Item {
    id: root

    property alias title: dialog.title
    property alias nameFilters: dialog.nameFilters
    readonly property alias shown: dialog.visible

    signal chosen(var urls)

    function open(): void {
        dialog.open();
    }

    function close(): void {
        dialog.close();
    }

    FileDialog {
        id: dialog

        fileMode: FileDialog.OpenFiles
        onAccepted: root.chosen(dialog.selectedFiles)
    }
}
