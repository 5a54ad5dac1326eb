pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Candor

// The reference library: every reference spectrum with its substance, class, risk and
// source, the demo ones marked, and "Import folder…" for admins (JCAMP-DX, OPUS, SPC).
Page {
    id: root

    signal back()
    signal openSample(string sampleId)

    LibraryController {
        id: library

        onErrorOccurred: message => errorLabel.text = message
        onImportFinished: {
            errorLabel.text = "";
            rescreenPanel.startIfLibraryChanged();
        }
    }

    FolderDialog {
        id: folderDialog

        title: qsTr("Import a folder of reference spectra")
        onAccepted: library.importUrls([folderDialog.selectedFolder])
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
                objectName: "importFolderButton"
                text: qsTr("Import folder…")
                enabled: library.canImport
                onClicked: folderDialog.open()
                ToolTip.visible: hovered
                ToolTip.text: library.canImport ? qsTr("JCAMP-DX, OPUS or SPC files, one spectrum each")
                                                : qsTr("Only an admin changes the library")
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
            text: library.summary
            font.pixelSize: 15
        }

        Label {
            objectName: "libraryDemoNotice"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            font.bold: true
            color: "#5a3b00"
            padding: 6
            text: library.demoCount > 0 ? qsTr("%1 (%2 of these references are synthetic demo spectra).").arg(library.demoNotice).arg(library.demoCount)
                                        : ""
            background: Rectangle {
                color: library.demoCount > 0 ? "#fff8e1" : "transparent"
                radius: 4
            }
        }

        Label {
            id: errorLabel

            Layout.fillWidth: true
            color: "#b00020"
            wrapMode: Text.Wrap
        }

        Label {
            objectName: "libraryImportSummary"
            Layout.fillWidth: true
            text: library.importSummary
            font.bold: true
        }

        RescreenPanel {
            id: rescreenPanel

            Layout.fillWidth: true
            onOpenSample: sampleId => root.openSample(sampleId)
        }

        Repeater {
            model: library.importResults

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
            model: library.references
            ScrollBar.vertical: ScrollBar {}

            delegate: RowLayout {
                id: reference

                required property var modelData

                width: ListView.view.width
                spacing: 8

                Label {
                    text: reference.modelData.substance
                    Layout.preferredWidth: 260
                    elide: Text.ElideRight
                }
                Label {
                    text: reference.modelData.substanceClass
                    Layout.preferredWidth: 160
                }
                Label {
                    text: reference.modelData.risk
                    color: reference.modelData.risk === "high" ? "#b00020" : "#37474f"
                    font.bold: reference.modelData.risk === "high"
                    Layout.preferredWidth: 90
                }
                Label {
                    text: reference.modelData.source
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                DemoBadge {
                    opacity: reference.modelData.demo ? 1 : 0
                }
            }
        }
    }
}
