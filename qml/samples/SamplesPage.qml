pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQml.Models
import Candor

// Every sample, newest first, with search and filters. Rows load page by page from the
// database, so the list stays smooth however many samples there are.
Page {
    id: root

    signal openSample(string sampleId)
    signal newSample()

    property alias model: samples

    SampleListModel {
        id: samples
    }

    IntakeController {
        id: choices
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12
            spacing: 8

            TextField {
                id: searchField

                objectName: "searchField"
                Layout.preferredWidth: 190
                placeholderText: qsTr("Search code, sold as, colour, logo")
                onTextChanged: samples.searchText = text
            }

            ComboBox {
                id: statusBox

                objectName: "statusFilter"
                Layout.preferredWidth: 150
                model: [qsTr("any status")].concat(Vocabulary.sampleStatuses)
                onActivated: samples.statusFilter = currentIndex === 0 ? "" : currentText
            }

            TextField {
                Layout.preferredWidth: 110
                placeholderText: qsTr("sold as")
                onTextChanged: samples.soldAsFilter = text
            }

            ComboBox {
                id: siteBox

                Layout.preferredWidth: 170
                model: choices.sites
                currentIndex: -1
                displayText: currentIndex < 0 ? qsTr("any site") : currentText
                onActivated: samples.siteFilter = currentText
            }

            ToolButton {
                text: "×"
                enabled: siteBox.currentIndex >= 0
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Any site")
                onClicked: {
                    siteBox.currentIndex = -1;
                    samples.siteFilter = "";
                }
            }

            // Samples a verifier sent back, with the reason on each row's badge.
            CheckBox {
                objectName: "returnedFilter"
                text: qsTr("Returned")
                checked: samples.returnedOnly
                onToggled: samples.returnedOnly = checked
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Only samples a verifier returned for more testing")
            }

            TextField {
                objectName: "fromDateField"
                Layout.preferredWidth: 110
                placeholderText: qsTr("from YYYY-MM-DD")
                onTextChanged: samples.fromDate = text
            }

            TextField {
                objectName: "toDateField"
                Layout.preferredWidth: 110
                placeholderText: qsTr("to YYYY-MM-DD")
                onTextChanged: samples.toDate = text
            }

            Item {
                Layout.fillWidth: true
            }

            Label {
                objectName: "sampleCount"
                text: samples.filterError.length > 0 ? samples.filterError : qsTr("%n sample(s)", "", samples.count)
                color: samples.filterError.length > 0 ? "#b00020" : palette.windowText
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        spacing: 0

        // Column headings.
        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 30
            color: palette.alternateBase

            RowLayout {
                anchors.fill: parent
                anchors.leftMargin: 16
                anchors.rightMargin: 16
                spacing: 12

                Label { text: qsTr("Code"); font.bold: true; Layout.preferredWidth: 90 }
                Label {
                    objectName: "receivedHeading"
                    text: qsTr("Received (%1)").arg(samples.timeZone)
                    font.bold: true
                    elide: Text.ElideRight
                    Layout.preferredWidth: 170
                }
                Label { text: qsTr("Sold as"); font.bold: true; Layout.fillWidth: true }
                Item { implicitWidth: 50 }
                Label { text: qsTr("Form, colour"); font.bold: true; Layout.preferredWidth: 170 }
                Label { text: qsTr("Site"); font.bold: true; Layout.preferredWidth: 150 }
                Label { text: qsTr("Status"); font.bold: true; Layout.preferredWidth: 190 }
            }
        }

        // A page of rows that could not be read leaves them blank; this says why.
        Label {
            objectName: "samplesLoadError"
            visible: samples.loadError.length > 0
            text: samples.loadError
            color: "#b00020"
            wrapMode: Text.Wrap
            Layout.fillWidth: true
            Layout.margins: 8
        }

        ListView {
            id: list

            objectName: "samplesList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            model: samples
            focus: true
            currentIndex: -1
            reuseItems: true
            ScrollBar.vertical: ScrollBar {}
            Keys.onReturnPressed: if (currentIndex >= 0) root.openSample(samples.idAt(currentIndex))

            delegate: SampleRow {
                onActivated: id => root.openSample(id)
            }
        }

        ColumnLayout {
            visible: samples.count === 0 && samples.filterError.length === 0
            Layout.alignment: Qt.AlignHCenter
            Layout.bottomMargin: 200
            spacing: 12

            Label {
                text: searchField.text.length > 0 || statusBox.currentIndex > 0
                      ? qsTr("No sample matches these filters.")
                      : qsTr("No samples yet.")
                font.pixelSize: 18
                Layout.alignment: Qt.AlignHCenter
            }

            Button {
                text: qsTr("Take in the first sample (Ctrl+N)")
                highlighted: true
                Layout.alignment: Qt.AlignHCenter
                onClicked: root.newSample()
            }
        }
    }

    component SampleRow: ItemDelegate {
        id: row

        required property int index
        required property string sampleId
        required property string publicCode
        required property string receivedLocal
        required property string soldAs
        required property string substance
        required property string form
        required property string colour
        required property string site
        required property string status
        required property bool isDemo
        required property bool returned
        required property string returnReason

        signal activated(string id)

        // "sampleRow0" is the first row shown: the GUI tests click rows by name.
        objectName: "sampleRow" + row.index
        width: ListView.view.width
        height: 44
        // Same margins as the column headings above, so the columns line up.
        leftPadding: 16
        rightPadding: 16
        highlighted: ListView.isCurrentItem
        onClicked: row.activated(row.sampleId)

        background: Rectangle {
            color: row.highlighted ? row.palette.highlight : (row.index % 2 ? row.palette.alternateBase : row.palette.base)
            opacity: row.highlighted ? 0.35 : 1
        }

        contentItem: RowLayout {
            spacing: 12

            RowLayout {
                Layout.preferredWidth: 90
                spacing: 4

                Label {
                    text: row.publicCode
                    font.family: "monospace"
                    font.bold: true
                }
            }
            Label {
                text: row.receivedLocal
                elide: Text.ElideRight
                Layout.preferredWidth: 170
            }
            RowLayout {
                Layout.fillWidth: true
                spacing: 6

                Label {
                    text: "“" + row.soldAs + "”"
                    elide: Text.ElideRight
                    Layout.fillWidth: row.substance.length === 0
                }
                Label {
                    visible: row.substance.length > 0
                    text: "→ " + row.substance
                    opacity: 0.65
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
            Item {
                // Always takes its width, so columns line up whether or not the row is demo.
                implicitWidth: 50
                implicitHeight: 20

                DemoBadge {
                    visible: row.isDemo
                }
            }
            Label {
                text: row.colour.length > 0 ? row.form + ", " + row.colour : row.form
                elide: Text.ElideRight
                Layout.preferredWidth: 170
            }
            Label {
                text: row.site
                elide: Text.ElideRight
                Layout.preferredWidth: 150
            }
            RowLayout {
                Layout.preferredWidth: 190
                spacing: 4

                StatusBadge {
                    status: row.status
                }
                // A returned sample says so, with the verifier's reason on hover and for
                // the screen reader.
                Label {
                    id: returnedBadge

                    objectName: "returnedBadge" + row.index
                    visible: row.returned
                    text: qsTr("↩ returned")
                    color: "white"
                    font.pixelSize: 12
                    font.bold: true
                    leftPadding: 8
                    rightPadding: 8
                    topPadding: 2
                    bottomPadding: 2
                    background: Rectangle {
                        radius: 8
                        color: "#b3261e"
                    }
                    readonly property string tip: qsTr("Returned for testing: %1").arg(row.returnReason)

                    Accessible.name: returnedBadge.tip
                    ToolTip.visible: returnedHover.hovered
                    ToolTip.text: returnedBadge.tip

                    HoverHandler {
                        id: returnedHover
                    }
                }
                Item {
                    Layout.fillWidth: true
                }
            }
        }
    }
}
