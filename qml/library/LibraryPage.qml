pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The reference library: every reference spectrum with its substance, class, risk and
// source, the demo ones marked, and for admins "Import folder…" (JCAMP-DX, OPUS, SPC),
// "Retire demo library…" (confirmed first) and class/risk for substances the catalogue
// does not know; the library QC lists pairs the matcher cannot tell apart.
Page {
    id: root

    signal back()
    signal openSample(string sampleId)
    signal openLabValidation()

    LibraryController {
        id: controller

        onErrorOccurred: message => errorLabel.text = message
        onImportFinished: errorLabel.text = ""
        // An import, retiring the demo library or a class and risk set: the stored
        // spectra are screened again against what the matcher now uses.
        onLibraryChanged: rescreenPanel.startIfLibraryChanged()
    }

    DialogLauncher {
        id: folderDialog

        kind: DialogLauncher.ChooseFolder
        title: qsTr("Import a folder of reference spectra")
        onChosen: urls => controller.importUrls(urls)
    }

    Shortcut {
        sequence: "Ctrl+O"
        enabled: controller.canImport
        onActivated: folderDialog.open()
    }

    RetireDemoDialog {
        id: retireDialog

        library: controller
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
                text: qsTr("Reference library")
                font.pixelSize: 20
                font.bold: true
            }
            Item {
                Layout.fillWidth: true
            }
            Button {
                objectName: "labValidationButton"
                text: qsTr("Lab validation")
                onClicked: root.openLabValidation()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Findings and matches against confirmatory lab results; thresholds")
            }
            Button {
                objectName: "importFolderButton"
                text: qsTr("Import folder…")
                enabled: controller.canImport
                onClicked: folderDialog.open()
                ToolTip.visible: hovered
                ToolTip.text: controller.canImport ? qsTr("JCAMP-DX, OPUS or SPC files; several spectra per substance are kept (Ctrl+O)")
                                                : qsTr("Only an admin changes the library")
            }
            Button {
                objectName: "retireDemoButton"
                text: qsTr("Retire demo library…")
                visible: controller.canImport && controller.demoCount > 0
                onClicked: retireDialog.open()
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 16
        spacing: 8

        Label {
            objectName: "librarySummary"
            Layout.fillWidth: true
            text: controller.summary
            font.pixelSize: 15
        }

        Label {
            objectName: "libraryDemoNotice"
            Layout.fillWidth: true
            // Collapsed, not hidden (Qt 6.4's layouts miss `visible` changes), once retired.
            Layout.preferredHeight: controller.demoCount > 0 ? implicitHeight : 0
            clip: true
            wrapMode: Text.Wrap
            font.bold: true
            color: "#5a3b00"
            padding: 6
            text: controller.demoCount > 0 ? qsTr("%1 (%2 of these references are synthetic demo spectra).").arg(controller.demoNotice).arg(controller.demoCount)
                                        : ""
            background: Rectangle {
                color: controller.demoCount > 0 ? "#fff8e1" : "transparent"
                radius: 4
            }
        }

        // Substances the catalogue does not know: an admin sets class and risk here.
        Repeater {
            model: controller.riskNotSet

            delegate: RowLayout {
                id: unsetRow

                required property string modelData

                Layout.fillWidth: true
                spacing: 8

                Label {
                    objectName: "riskNotSetLabel"
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    color: "#b00020"
                    text: controller.canImport ? qsTr("%1: the catalogue does not know this substance, so its class is unknown and its risk not set. Set them:").arg(unsetRow.modelData)
                                            : qsTr("%1: the catalogue does not know this substance; class unknown, risk not set (an admin sets them).").arg(unsetRow.modelData)
                }
                ComboBox {
                    id: classBox

                    objectName: "classBox"
                    visible: controller.canImport
                    editable: true
                    // Nothing chosen at first: a default class or risk would be set by a
                    // careless click.
                    currentIndex: -1
                    Layout.preferredWidth: 170
                    model: ["fentanyl", "nitazene", "alpha2-agonist", "benzodiazepine", "opioid", "stimulant", "dissociative", "psychedelic", "sedative", "local-anaesthetic", "cut"]
                }
                ComboBox {
                    id: riskBox

                    objectName: "riskBox"
                    visible: controller.canImport
                    currentIndex: -1
                    displayText: currentIndex < 0 ? qsTr("risk…") : currentText
                    Layout.preferredWidth: 120
                    model: ["high", "moderate", "low"]
                }
                Button {
                    objectName: "setRiskButton"
                    visible: controller.canImport
                    enabled: classBox.editText.trim() !== "" && riskBox.currentIndex >= 0
                    text: qsTr("Set")
                    onClicked: controller.setClassAndRisk(unsetRow.modelData, classBox.editText, riskBox.currentText)
                }
            }
        }

        Label {
            objectName: "libraryQcSummary"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            visible: controller.qcPairs.length > 0
            color: "#5a3b00"
            text: controller.qcPairs.length === 1 ? qsTr("Library QC: 1 pair of different substances the matcher cannot tell apart (correlation 0.98 or more); check both files:")
                                               : qsTr("Library QC: %1 pairs of different substances the matcher cannot tell apart (correlation 0.98 or more); check these files:").arg(controller.qcPairs.length)
        }

        Repeater {
            model: controller.qcPairs

            delegate: Label {
                id: qcPair

                required property var modelData

                objectName: "qcPair"
                Layout.fillWidth: true
                elide: Text.ElideRight
                text: qsTr("%1 (%2) and %3 (%4): %5").arg(qcPair.modelData.substanceA).arg(qcPair.modelData.fileA)
                          .arg(qcPair.modelData.substanceB).arg(qcPair.modelData.fileB).arg(qcPair.modelData.correlation.toFixed(4))
            }
        }

        Label {
            id: errorLabel

            Layout.fillWidth: true
            Layout.preferredHeight: text !== "" ? implicitHeight : 0
            clip: true
            color: "#b00020"
            wrapMode: Text.Wrap
        }

        Label {
            objectName: "libraryImportSummary"
            Layout.fillWidth: true
            Layout.preferredHeight: text !== "" ? implicitHeight : 0
            clip: true
            text: controller.importSummary
            font.bold: true
        }

        RescreenPanel {
            id: rescreenPanel

            Layout.fillWidth: true
            // A layout in a layout fills the height by default and took half the page's
            // spare room from the reference list.
            Layout.fillHeight: false
            onOpenSample: sampleId => root.openSample(sampleId)
        }

        Repeater {
            model: controller.importResults

            delegate: Label {
                id: result

                required property var modelData

                Layout.fillWidth: true
                elide: Text.ElideRight
                color: result.modelData.status === "failed" || result.modelData.status === "conflict" ? "#b00020" : "#37474f"
                text: result.modelData.status + ": " + result.modelData.message
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 8

            Label {
                text: qsTr("Substance")
                font.bold: true
                Layout.preferredWidth: 260
            }
            Label {
                text: qsTr("Class")
                font.bold: true
                Layout.preferredWidth: 160
            }
            Label {
                text: qsTr("Risk")
                font.bold: true
                Layout.preferredWidth: 90
            }
            Label {
                text: qsTr("Source")
                font.bold: true
                Layout.fillWidth: true
            }
        }

        ListView {
            id: list

            objectName: "referenceList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: controller.references
            ScrollBar.vertical: ScrollBar {}

            delegate: ReferenceRow {
                width: ListView.view.width
            }
        }
    }
}
