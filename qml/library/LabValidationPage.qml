pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// Lab validation (issue 11): import a lab's CSV of confirmatory results, see Candor's
// findings and stored matches against them per substance and class (sensitivity and
// specificity with 95 % intervals), open the missed and falsely flagged samples, and for
// admins adopt the evidence thresholds that keep 99 % specificity on this service's data.
Page {
    id: root

    signal back()
    signal openSample(string sampleId)

    LabValidationController {
        id: validation

        onErrorOccurred: message => errorLabel.text = message
        onImported: errorLabel.text = ""
    }

    DialogLauncher {
        id: csvDialog

        kind: DialogLauncher.OpenFiles
        title: qsTr("Import lab results (CSV)")
        nameFilters: [qsTr("CSV (*.csv *.txt)"), qsTr("All files (*)")]
        onChosen: urls => {
            if (urls.length > 0)
                validation.importUrl(urls[0]);
        }
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12
            spacing: 12

            ToolButton {
                text: qsTr("← Library")
                onClicked: root.back()
            }
            Label {
                text: qsTr("Lab validation")
                font.pixelSize: 20
                font.bold: true
            }
            Item {
                Layout.fillWidth: true
            }
            Button {
                objectName: "importLabCsvButton"
                text: qsTr("Import lab CSV…")
                enabled: validation.canImport
                onClicked: csvDialog.open()
                ToolTip.visible: hovered
                ToolTip.text: validation.canImport ? qsTr("Columns: code, substance, lab, method, reported_on, quantity_percent, detected")
                                                   : qsTr("Only a technician or an admin imports lab results")
            }
        }
    }

    ScrollView {
        anchors.fill: parent
        anchors.margins: 16
        contentWidth: availableWidth

        ColumnLayout {
            width: parent.width
            spacing: 6

            Label {
                objectName: "labSummary"
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: validation.summary
                font.pixelSize: 15
            }
            Label {
                id: errorLabel

                objectName: "labError"
                Layout.fillWidth: true
                color: "#b00020"
                wrapMode: Text.Wrap
                visible: text !== ""
            }
            Label {
                objectName: "labImportSummary"
                Layout.fillWidth: true
                font.bold: true
                text: validation.importSummary
                visible: text !== ""
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: 8

                Repeater {
                    model: [[qsTr("Substance or class"), 220], [qsTr("Candor's call"), 200], ["TP", 36], ["FP", 36], ["FN", 36], ["TN", 36],
                            [qsTr("Sensitivity (95 % CI)"), 190], [qsTr("Specificity (95 % CI)"), 190]]

                    delegate: Label {
                        id: heading

                        required property var modelData

                        text: heading.modelData[0]
                        font.bold: true
                        Layout.preferredWidth: heading.modelData[1]
                    }
                }
            }

            Repeater {
                objectName: "labRows"
                model: validation.rows

                delegate: ColumnLayout {
                    id: validationRow

                    required property var modelData

                    Layout.fillWidth: true
                    spacing: 0

                    RowLayout {
                        spacing: 8

                        Label {
                            Layout.preferredWidth: 220
                            elide: Text.ElideRight
                            font.bold: validationRow.modelData.section === "class"
                            color: validationRow.modelData.highRisk ? "#b00020" : palette.windowText
                            text: (validationRow.modelData.section === "class" ? qsTr("class: ") : "") + validationRow.modelData.name
                                  + (validationRow.modelData.highRisk ? qsTr(" (high risk)") : "")
                        }
                        Label {
                            Layout.preferredWidth: 200
                            text: validationRow.modelData.source
                        }
                        Label {
                            Layout.preferredWidth: 36
                            text: validationRow.modelData.tp
                        }
                        Label {
                            Layout.preferredWidth: 36
                            text: validationRow.modelData.fp
                        }
                        Label {
                            Layout.preferredWidth: 36
                            text: validationRow.modelData.fn
                        }
                        Label {
                            Layout.preferredWidth: 36
                            text: validationRow.modelData.tn
                        }
                        Label {
                            Layout.preferredWidth: 190
                            text: validationRow.modelData.sensitivity + "  (" + validationRow.modelData.sensitivityInterval + ")"
                        }
                        Label {
                            Layout.preferredWidth: 190
                            text: validationRow.modelData.specificity + "  (" + validationRow.modelData.specificityInterval + ")"
                        }
                    }

                    // The missed and the falsely flagged samples, each opening the sample.
                    Flow {
                        Layout.fillWidth: true
                        Layout.leftMargin: 24
                        spacing: 4
                        visible: validationRow.modelData.misses.length + validationRow.modelData.falseAlarms.length > 0

                        Label {
                            visible: validationRow.modelData.misses.length > 0
                            text: qsTr("missed:")
                        }
                        Repeater {
                            model: validationRow.modelData.misses

                            delegate: Button {
                                id: missed

                                required property var modelData

                                objectName: "labMiss"
                                flat: true
                                text: missed.modelData.publicCode
                                onClicked: root.openSample(missed.modelData.sampleId)
                            }
                        }
                        Label {
                            visible: validationRow.modelData.falseAlarms.length > 0
                            text: qsTr("false alarm:")
                        }
                        Repeater {
                            model: validationRow.modelData.falseAlarms

                            delegate: Button {
                                id: falseAlarm

                                required property var modelData

                                objectName: "labFalseAlarm"
                                flat: true
                                text: falseAlarm.modelData.publicCode
                                onClicked: root.openSample(falseAlarm.modelData.sampleId)
                            }
                        }
                    }
                }
            }

            Label {
                Layout.topMargin: 12
                text: qsTr("Evidence thresholds for 99 % specificity, per high-risk class")
                font.bold: true
                font.pixelSize: 15
            }

            Repeater {
                objectName: "labThresholds"
                model: validation.thresholds

                delegate: RowLayout {
                    id: threshold

                    required property var modelData

                    Layout.fillWidth: true
                    spacing: 8

                    Label {
                        Layout.preferredWidth: 140
                        font.bold: true
                        text: threshold.modelData.substanceClass
                    }
                    Label {
                        Layout.preferredWidth: 330
                        text: qsTr("threshold %1 (in force: %2); %3 positives, %4 negatives")
                                  .arg(threshold.modelData.evidence).arg(threshold.modelData.adopted)
                                  .arg(threshold.modelData.positives).arg(threshold.modelData.negatives)
                    }
                    Label {
                        Layout.fillWidth: true
                        wrapMode: Text.Wrap
                        text: threshold.modelData.note
                    }
                    Button {
                        objectName: "adoptThresholdButton"
                        visible: validation.canAdopt
                        enabled: threshold.modelData.adoptable
                        text: qsTr("Adopt")
                        onClicked: validation.adopt(threshold.modelData.substanceClass)
                        ToolTip.visible: hovered
                        ToolTip.text: qsTr("Matching then calls a %1 component detected from this evidence up, possible below it (in the audit log)")
                                          .arg(threshold.modelData.substanceClass)
                    }
                }
            }
        }
    }
}
