pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Re-screening after a library change: progress with Cancel while the stored spectra are
// matched again on a worker thread, then the samples whose high-risk components changed,
// each opening the sample for a technician to review.
ColumnLayout {
    id: root

    signal openSample(string sampleId)

    // Starts a re-screen when the library differs from the one last screened against.
    function startIfLibraryChanged(): void {
        rescreen.startIfLibraryChanged();
    }

    spacing: 6

    RescreenController {
        id: rescreen

        onErrorOccurred: message => errorLabel.text = message
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 8
        visible: rescreen.running || rescreen.status !== ""

        Label {
            objectName: "rescreenStatus"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: rescreen.status
        }
        ProgressBar {
            objectName: "rescreenProgress"
            visible: rescreen.running
            Layout.preferredWidth: 200
            from: 0
            to: Math.max(1, rescreen.total)
            value: rescreen.done
            indeterminate: rescreen.total === 0
        }
        Button {
            objectName: "rescreenCancelButton"
            visible: rescreen.running
            text: qsTr("Cancel")
            onClicked: rescreen.cancel()
        }
        Button {
            objectName: "rescreenStartButton"
            visible: !rescreen.running
            text: qsTr("Re-screen again")
            onClicked: rescreen.start()
        }
    }

    Label {
        id: errorLabel

        Layout.fillWidth: true
        color: "#b00020"
        wrapMode: Text.Wrap
        visible: text !== ""
    }

    Label {
        visible: rescreen.changes.length > 0
        text: qsTr("Changed by re-screen: review these samples")
        font.bold: true
    }

    Repeater {
        objectName: "rescreenChanges"
        model: rescreen.changes

        delegate: ItemDelegate {
            id: change

            required property var modelData

            Layout.fillWidth: true
            text: change.modelData.publicCode + "  " + change.modelData.fileName + ":  " + change.modelData.before + "  →  "
                  + change.modelData.after + (change.modelData.verified ? qsTr("  (verified: result unchanged)") : "")
            onClicked: root.openSample(change.modelData.sampleId)
        }
    }
}
