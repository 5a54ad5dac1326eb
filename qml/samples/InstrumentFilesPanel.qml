pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The sample's instrument files: import (dialog here, or a drop anywhere on the sample
// page), the batch's progress with Cancel and every file that failed with its reason,
// the stored spectra, and the selected one drawn.
SectionCard {
    id: root

    required property InstrumentFilesController importer
    required property bool editable
    property string selectedId: importer.newestSpectrumId

    title: qsTr("Instrument files")

    DialogLauncher {
        id: dialog

        kind: DialogLauncher.OpenFiles
        title: qsTr("Import instrument files")
        nameFilters: [qsTr("All files (*)"), qsTr("JCAMP-DX (*.jdx *.dx *.jcm)"), qsTr("Thermo SPC (*.spc)"),
                      qsTr("AnDI/netCDF (*.cdf)"), qsTr("CSV (*.csv *.tsv *.txt)")]
        onChosen: urls => root.importer.importUrls(urls)
    }

    Shortcut {
        sequence: "Ctrl+O"
        enabled: root.editable && !root.importer.busy
        onActivated: dialog.open()
    }

    RowLayout {
        Layout.fillWidth: true
        spacing: 12

        Button {
            objectName: "importFilesButton"
            text: qsTr("Import files…")
            enabled: root.editable && !root.importer.busy
            onClicked: dialog.open()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Ctrl+O")
        }
        Label {
            Layout.fillWidth: true
            text: root.editable ? qsTr("or drop files or a folder anywhere on this page (JCAMP-DX, OPUS, SPC, AnDI, CSV)")
                                : qsTr("This sample takes no more files.")
            opacity: 0.7
            wrapMode: Text.Wrap
        }
    }

    // Always in the layout (see FormField.qml): enabled and text change, never visibility.
    RowLayout {
        Layout.fillWidth: true
        spacing: 12

        ProgressBar {
            objectName: "importProgress"
            Layout.fillWidth: true
            from: 0
            to: Math.max(1, root.importer.total)
            value: root.importer.done
            enabled: root.importer.busy
        }
        Button {
            objectName: "cancelImportButton"
            text: qsTr("Cancel")
            enabled: root.importer.busy
            onClicked: root.importer.cancel()
        }
    }

    Label {
        objectName: "importStatus"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        text: root.importer.busy ? qsTr("Importing %1 (%2 of %3 done)").arg(root.importer.currentFile).arg(root.importer.done).arg(root.importer.total)
                                 : root.importer.summary
    }

    Repeater {
        model: root.importer.failures

        delegate: Label {
            id: failure

            required property var modelData

            objectName: "importFailure"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: "#b00020"
            text: "✗ " + failure.modelData.reason
        }
    }

    Repeater {
        model: root.importer.warnings

        delegate: Label {
            id: importWarning

            required property var modelData

            objectName: "importWarning"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: "#8a5a00"
            text: "⚠ " + importWarning.modelData.file + ": " + importWarning.modelData.warning
        }
    }

    Label {
        text: root.importer.spectra.count === 0 ? qsTr("No instrument file yet.")
                                                : qsTr("%1 file(s), %2 spectra. Select one to draw it.").arg(root.importer.fileCount).arg(root.importer.spectra.count)
        opacity: 0.7
    }

    ListView {
        id: list

        objectName: "spectrumList"
        Layout.fillWidth: true
        Layout.preferredHeight: Math.min(contentHeight, 168)
        clip: true
        model: root.importer.spectra
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        delegate: ItemDelegate {
            id: row

            // The row's roles (SpectrumListModel).
            required property string spectrumId
            required property string fileName
            required property string format
            required property string technique
            required property int npoints
            required property string shortSha
            required property string importedBy
            required property string importedLocal
            required property int position
            required property int spectraInFile

            width: ListView.view.width
            highlighted: row.spectrumId === root.selectedId
            onClicked: root.selectedId = row.spectrumId
            contentItem: RowLayout {
                spacing: 12

                Label {
                    text: row.fileName + (row.spectraInFile > 1 ? "  #" + (row.position + 1) : "")
                    font.bold: true
                    elide: Text.ElideMiddle
                    Layout.preferredWidth: 220
                }
                Label {
                    text: row.format + " · " + row.technique + " · " + qsTr("%1 points").arg(row.npoints)
                    Layout.fillWidth: true
                    elide: Text.ElideRight
                }
                Label {
                    text: "sha256 " + row.shortSha + "…"
                    font.family: "monospace"
                    opacity: 0.7
                }
                Label {
                    text: row.importedBy + ", " + row.importedLocal
                    opacity: 0.7
                }
            }
        }
    }

    // Collapsed (not hidden: Qt 6.4's layouts miss `visible` changes) until there is a
    // spectrum to draw, so a sample without one does not push the page down by an empty chart.
    SpectrumChart {
        objectName: "spectrumChartPanel"
        Layout.fillWidth: true
        Layout.preferredHeight: root.importer.fileCount > 0 ? 400 : 0
        clip: true
        controller: root.importer
        spectrumId: root.selectedId
    }
}
