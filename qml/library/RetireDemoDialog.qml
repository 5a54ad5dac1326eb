import QtQuick
import QtQuick.Controls
import Candor

// "Retire demo library…", confirmed first: says how many of the service's own references
// stay in use (none: nothing can be matched after this).
Dialog {
    id: retireDialog

    required property LibraryController library

    objectName: "retireDemoDialog"
    title: qsTr("Retire the demo library?")
    modal: true
    parent: Overlay.overlay
    anchors.centerIn: parent
    width: 520
    standardButtons: Dialog.Ok | Dialog.Cancel
    onAccepted: retireDialog.library.retireDemo()
    // The button says what it does.
    Component.onCompleted: retireDialog.standardButton(Dialog.Ok).text = qsTr("Retire demo library")

    Label {
        width: retireDialog.availableWidth
        wrapMode: Text.Wrap
        text: (retireDialog.library.ownInUseCount === 0
               ? qsTr("<b>Your service's library is empty: after this, nothing can be matched.</b> Import your library first.<br><br>")
               : qsTr("Your service's %1 references stay in use.<br><br>").arg(retireDialog.library.ownInUseCount))
              + qsTr("Matches will stop using the %1 synthetic demo references and stop saying \"demo library\". They stay in the database for the history of past matches, and the stored spectra are re-screened.").arg(retireDialog.library.demoCount)
    }
}
