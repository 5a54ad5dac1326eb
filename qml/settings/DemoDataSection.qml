pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Settings' "Demo data" card. Without demo data an admin can load it (to learn the app or
// show it to a new colleague on a working database: demo records sit at their own site and
// never reach an alert); with it, an admin removes all of it after a dialog that says what
// will go (counted by the removal itself, rolled back). Its own file so that the settings
// page gains one line.
SectionCard {
    id: root

    objectName: "demoDataSection"
    title: qsTr("Demo data")
    visible: Session.hasDemoData || settings.canRemoveDemoData() || demoStatus.text !== ""

    SettingsController {
        id: settings

        onSaved: message => {
            demoStatus.color = "#1b5e20";
            demoStatus.text = message;
        }
        onErrorOccurred: message => {
            demoStatus.color = "#b00020";
            demoStatus.text = message;
        }
    }

    Dialog {
        id: confirm

        property string preview

        objectName: "removeDemoDialog"
        title: qsTr("Remove all demo data?")
        modal: true
        parent: Overlay.overlay
        anchors.centerIn: parent
        width: Math.min(560, parent ? parent.width - 40 : 560)
        standardButtons: Dialog.Ok | Dialog.Cancel
        // The banner reads the QML engine's Session: tell it too (the C++ side already heard).
        onAccepted: {
            if (settings.removeDemoData())
                Session.notifySamplesChanged();
        }
        // The button says what it does.
        Component.onCompleted: {
            const remove = confirm.standardButton(Dialog.Ok);
            remove.text = qsTr("Remove demo data");
            remove.objectName = "confirmRemoveDemoButton";
        }

        Label {
            objectName: "removeDemoPreview"
            width: confirm.availableWidth
            wrapMode: Text.Wrap
            text: confirm.preview
        }
    }

    // After a removal only the message stays, until the page is left.
    Label {
        Layout.fillWidth: true
        visible: Session.hasDemoData
        wrapMode: Text.Wrap
        text: qsTr("This database holds invented demo samples (marked DEMO) that walk the whole path: taken in, tested, waiting for a verifier, returned, verified and invalidated, with alert drafts that are never published. Remove them before the service starts real work.")
              + (settings.canRemoveDemoData() ? "" : " " + qsTr("Only an admin can remove them."))
    }
    Label {
        Layout.fillWidth: true
        visible: !Session.hasDemoData
        wrapMode: Text.Wrap
        text: qsTr("Demo data are invented samples, marked DEMO everywhere, that walk the whole path from intake to a verified result with a slip and alert drafts that are never published. Load them to learn Candor; remove them here when you are done.")
    }
    Button {
        objectName: "loadDemoButton"
        visible: !Session.hasDemoData
        text: qsTr("Load demo data")
        enabled: settings.canRemoveDemoData()
        onClicked: {
            demoStatus.text = "";
            if (Session.loadDemoData()) {
                demoStatus.color = "#1b5e20";
                demoStatus.text = qsTr("Demo data loaded: look for the DEMO samples in the list.");
            }
        }
    }
    Button {
        objectName: "removeDemoButton"
        visible: Session.hasDemoData
        text: qsTr("Remove demo data…")
        enabled: settings.canRemoveDemoData()
        onClicked: {
            demoStatus.text = "";
            confirm.preview = settings.demoRemovalPreview();
            if (confirm.preview !== "")
                confirm.open();
        }
    }
    Label {
        id: demoStatus

        objectName: "demoDataStatus"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
    }
}
