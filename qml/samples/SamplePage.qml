pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// One sample: what was brought in, the strip and reagent readings (one tap per result),
// the warnings they raise, and the sample's history.
//
// The page keeps still under the pointer: what grows with each action (history, warnings,
// readings) scrolls in its own fixed-height area, and what a reading says appears beside
// the strip or reagent that was tapped (see StripPanel.qml), not at the top.
Page {
    id: root

    property alias sampleId: controller.sampleId
    readonly property var sample: controller.sample

    signal back()

    SampleController {
        id: controller

        onErrorOccurred: message => errorBanner.text = message
        onDone: summary => {
            errorBanner.text = "";
            toast.show(summary);
        }
        // What a reading said is shown beside the strip or reagent itself.
        onReadingAdded: (summary, warning) => errorBanner.text = ""
    }

    InstrumentFilesController {
        id: importer

        sampleId: controller.sampleId
        onErrorOccurred: message => errorBanner.text = message
        onBatchFinished: (imported, alreadyThere, failed, cancelled) => {
            controller.reload();
            matcher.reload();
            toast.show(importer.summary);
        }
    }

    MatchController {
        id: matcher

        sampleId: controller.sampleId
        spectrumId: filesPanel.selectedId
        findings: controller.findings
        onErrorOccurred: message => errorBanner.text = message
    }

    Connections {
        target: controller

        // A strip read here may raise or clear the strip-positive, FTIR-negative flag.
        function onReadingAdded(summary: string, warning: string): void {
            matcher.reload();
        }
    }

    Shortcut {
        sequence: "Escape"
        onActivated: root.back()
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12
            spacing: 12

            ToolButton {
                text: qsTr("← Samples")
                onClicked: root.back()
            }

            Label {
                objectName: "samplePublicCode"
                text: root.sample.publicCode || ""
                font.pixelSize: 22
                font.bold: true
                font.family: "monospace"
            }

            StatusBadge {
                status: root.sample.status || ""
            }

            DemoBadge {
                visible: root.sample.isDemo === true
            }

            Item {
                Layout.fillWidth: true
            }

            Label {
                text: qsTr("Received %1 by %2").arg(root.sample.receivedLocal || "").arg(root.sample.createdBy || "")
                opacity: 0.75
            }
        }
    }

    ScrollView {
        id: scroll

        anchors.fill: parent
        contentWidth: availableWidth

        ColumnLayout {
            width: scroll.availableWidth - 32
            x: 16
            y: 12
            spacing: 12

            Label {
                id: errorBanner

                objectName: "sampleError"
                Layout.fillWidth: true
                // Kept in the layout while empty (see FormField.qml).
                color: "#b00020"
                wrapMode: Text.Wrap
            }

            // Warnings come first: they change what the technician does next.
            CrossReactionWarnings {
                Layout.fillWidth: true
                controller: controller
            }

            SampleSummary {
                Layout.fillWidth: true
                controller: controller
            }

            // Where the verifier decides; the spectrum with its hits arrives with issues 3
            // and 4 (SpectrumPanel below the readings).
            DecisionPanel {
                Layout.fillWidth: true
                controller: controller
            }

            FindingsPanel {
                Layout.fillWidth: true
                controller: controller
            }

            StripPanel {
                Layout.fillWidth: true
                controller: controller
            }

            ReagentPanel {
                Layout.fillWidth: true
                controller: controller
            }

            InstrumentFilesPanel {
                id: filesPanel

                Layout.fillWidth: true
                importer: importer
                editable: controller.editable
            }

            MatchPanel {
                objectName: "matchPanel"
                Layout.fillWidth: true
                matcher: matcher
                sampleController: controller
            }
        }
    }

    // Files or a folder dropped anywhere on the page are imported into this sample.
    DropArea {
        id: drop

        anchors.fill: parent
        onEntered: drag => drag.accept(Qt.CopyAction)
        onDropped: event => {
            if (event.hasUrls) {
                errorBanner.text = "";
                importer.importUrls(event.urls);
                event.accept(Qt.CopyAction);
            }
        }
    }

    // Not in a layout, so toggling visible is safe here.
    Rectangle {
        anchors.fill: parent
        visible: drop.containsDrag
        color: "#202196f3"
        border.color: "#2196f3"
        border.width: 3

        Label {
            anchors.centerIn: parent
            text: qsTr("Drop to import into %1").arg(root.sample.publicCode || "")
            font.pixelSize: 22
        }
    }

    ToolTip {
        id: toast

        function show(message: string): void {
            text = message;
            open();
        }

        x: (root.width - width) / 2
        y: root.height - height - 24
        timeout: 2500
    }
}
