pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// One sample: what was brought in, the strip and reagent readings (one tap per result),
// the warnings they raise, and the sample's history.
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
        onReadingAdded: (summary, warning) => {
            errorBanner.text = "";
            toast.show(warning.length > 0 ? qsTr("Saved %1. Check the warning above.").arg(summary) : qsTr("Saved %1").arg(summary));
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
                text: qsTr("Received %1 by %2").arg((root.sample.receivedAt || "").substring(0, 16).replace("T", " ") + " UTC").arg(root.sample.createdBy || "")
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
            Repeater {
                model: controller.warnings

                delegate: Frame {
                    id: warningItem

                    required property string modelData

                    Layout.fillWidth: true
                    background: Rectangle {
                        color: "#fff3e0"
                        border.color: "#e65100"
                        radius: 4
                    }

                    Label {
                        objectName: "crossReactionWarning"
                        width: parent.width
                        wrapMode: Text.Wrap
                        text: "⚠ " + warningItem.modelData
                        color: "#6d2c00"
                    }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: 12

                SectionCard {
                    title: qsTr("Sample")
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop

                    GridLayout {
                        columns: 2
                        columnSpacing: 16
                        rowSpacing: 4
                        Layout.fillWidth: true

                        Label { text: qsTr("Sold as"); opacity: 0.7 }
                        Label {
                            text: "“" + (root.sample.soldAs || "") + "”" + (root.sample.substance ? "  →  " + root.sample.substance : qsTr("  (not recognised)"))
                            font.bold: true
                            Layout.fillWidth: true
                            wrapMode: Text.Wrap
                        }
                        Label { text: qsTr("Form"); opacity: 0.7 }
                        Label { text: [root.sample.form, root.sample.colour, root.sample.texture].filter(v => v).join(", ") }
                        // Labels stay in the grid and go empty instead of invisible: Qt 6.4
                        // does not re-lay out a GridLayout whose items toggle visible.
                        Label { text: pillText.text.length > 0 ? qsTr("Pill") : ""; opacity: 0.7 }
                        Label {
                            id: pillText

                            // Kept in the layout while empty (see FormField.qml).
                            text: [root.sample.pillLogo ? qsTr("logo %1").arg(root.sample.pillLogo) : "",
                                   root.sample.pillScoreLine ? qsTr("score %1").arg(root.sample.pillScoreLine) : "",
                                   root.sample.pillMassMg ? qsTr("%1 mg").arg(root.sample.pillMassMg) : "",
                                   root.sample.pillDiameterMm ? qsTr("⌀ %1 mm").arg(root.sample.pillDiameterMm) : "",
                                   root.sample.pillThicknessMm ? qsTr("%1 mm thick").arg(root.sample.pillThicknessMm) : ""].filter(v => v).join(", ")
                        }
                        Label { text: qsTr("Type"); opacity: 0.7 }
                        Label { text: (root.sample.sampleType || "") + ", " + (root.sample.intakeChannel || "") }
                        Label { text: qsTr("Site"); opacity: 0.7 }
                        Label { text: (root.sample.site || "") + " (" + (root.sample.region || "") + ")" }
                        Label { text: root.sample.reportedEffects ? qsTr("Effects") : ""; opacity: 0.7 }
                        Label { text: root.sample.reportedEffects || ""; wrapMode: Text.Wrap; Layout.fillWidth: true }
                        Label { text: root.sample.notes ? qsTr("Notes") : ""; opacity: 0.7 }
                        Label {
                            text: root.sample.notes ? root.sample.notes + qsTr("  (internal)") : ""
                            wrapMode: Text.Wrap
                            Layout.fillWidth: true
                        }
                    }
                }

                SectionCard {
                    title: qsTr("History")
                    Layout.fillWidth: true
                    Layout.preferredWidth: 1
                    Layout.alignment: Qt.AlignTop

                    Repeater {
                        model: controller.history

                        delegate: RowLayout {
                            id: event

                            required property var modelData

                            Layout.fillWidth: true
                            spacing: 8

                            Label {
                                text: event.modelData.at.substring(0, 16).replace("T", " ")
                                opacity: 0.7
                                font.family: "monospace"
                                font.pixelSize: 12
                            }
                            Label {
                                text: event.modelData.what
                                Layout.fillWidth: true
                                wrapMode: Text.Wrap
                            }
                            Label {
                                text: event.modelData.who
                                opacity: 0.7
                            }
                        }
                    }
                }
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

            SectionCard {
                objectName: "spectrumPlaceholder"
                title: qsTr("Spectrum and library hits")
                Layout.fillWidth: true

                Label {
                    text: qsTr("Spectra and matching arrive with the import and matching features (issues 3 and 4).")
                    opacity: 0.7
                }
            }
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
