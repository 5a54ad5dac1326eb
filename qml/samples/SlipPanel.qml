pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The private result slip of a verified sample: saved where the person at the bench
// chooses (.pdf or .html), asked before a file is replaced, then opened or printed.
ColumnLayout {
    id: root

    required property string sampleId
    required property bool allowed

    // Saves to `file`, asking first when something is there already.
    function saveTo(file: url): void {
        if (slip.exists(file)) {
            replaceDialog.file = file;
            replaceDialog.open();
            return;
        }
        slip.save(file, false);
    }

    spacing: 4

    SlipController {
        id: slip

        sampleId: root.sampleId
        onDone: message => {
            slipStatus.color = "#1b5e20";
            slipStatus.text = message;
        }
        onErrorOccurred: message => {
            slipStatus.color = "#b00020";
            slipStatus.text = message;
        }
    }

    DialogLauncher {
        id: saveDialog

        source: Qt.resolvedUrl("../components/SaveFileDialog.qml")
        title: qsTr("Save the result slip")
        nameFilters: [qsTr("PDF (*.pdf)"), qsTr("Web page (*.html)")]
        suggestedFile: slip.suggestedFile
        onChosen: urls => root.saveTo(urls[0])
    }

    Dialog {
        id: replaceDialog

        property url file

        objectName: "replaceSlipDialog"
        title: qsTr("Replace the file?")
        modal: true
        anchors.centerIn: Overlay.overlay
        standardButtons: Dialog.Yes | Dialog.Cancel
        onAccepted: slip.save(replaceDialog.file, true)
        onRejected: {
            slipStatus.color = "#b00020";
            slipStatus.text = qsTr("Not saved: %1 is still the old file").arg(DialogSupport.localPath(replaceDialog.file));
        }

        Label {
            objectName: "replaceSlipQuestion"
            text: qsTr("%1 already exists. Replace it with this slip?").arg(DialogSupport.localPath(replaceDialog.file))
            wrapMode: Text.Wrap
            width: Math.min(implicitWidth, 480)
        }
    }

    RowLayout {
        spacing: 8

        Button {
            objectName: "slipButton"
            text: qsTr("Save result slip…")
            enabled: root.allowed
            onClicked: saveDialog.open()
        }
        Button {
            objectName: "openSlipButton"
            text: qsTr("Open")
            enabled: root.allowed && slip.savedPath.length > 0
            onClicked: Qt.openUrlExternally(slip.savedFile)
        }
        Button {
            objectName: "printSlipButton"
            text: qsTr("Print…")
            enabled: root.allowed
            onClicked: slip.print()
        }
    }

    Label {
        id: slipStatus

        objectName: "slipStatus"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        Accessible.role: Accessible.AlertMessage
        Accessible.name: text
    }
}
