import QtQml
import QtQuick
import QtQuick.Dialogs

// Qt's dialog for choosing a folder; loaded only through DialogLauncher.
Item {
    id: root

    property alias title: dialog.title
    readonly property alias shown: dialog.visible

    signal chosen(var urls)

    function open(): void {
        dialog.open();
    }

    function close(): void {
        dialog.close();
    }

    FolderDialog {
        id: dialog

        onAccepted: root.chosen([dialog.selectedFolder])
    }
}
