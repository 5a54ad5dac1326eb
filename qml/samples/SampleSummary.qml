pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The sample's details (only the fields that are set) beside its history, each in its
// own card; the history scrolls in a fixed height, newest at the bottom.
RowLayout {
    id: root

    required property SampleController controller

    spacing: 12

    SectionCard {
        title: qsTr("Sample")
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.alignment: Qt.AlignTop

        // Rows come from the controller, so a field that is empty has no row at all
        // (Qt 6.4 layouts misplaced rows hidden with `visible`).
        Repeater {
            model: root.controller.details

            delegate: RowLayout {
                id: detail

                required property var modelData

                Layout.fillWidth: true
                spacing: 12

                Label {
                    text: detail.modelData.label
                    opacity: 0.7
                    Layout.preferredWidth: 90
                    Layout.alignment: Qt.AlignTop
                }
                Label {
                    text: detail.modelData.value
                    font.bold: detail.modelData.emphasis === true
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
            }
        }
    }

    SectionCard {
        title: qsTr("History")
        Layout.fillWidth: true
        Layout.preferredWidth: 1
        Layout.alignment: Qt.AlignTop

        // Its own fixed-height scroll area, newest at the bottom: a new line
        // scrolls in here instead of pushing the strips down.
        ListView {
            id: historyList

            objectName: "historyList"
            Layout.fillWidth: true
            Layout.preferredHeight: 140
            clip: true
            model: root.controller.history
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}
            onCountChanged: positionViewAtEnd()

            delegate: RowLayout {
                id: event

                required property var modelData

                width: ListView.view.width - 12
                spacing: 8

                Label {
                    text: event.modelData.atLocal
                    opacity: 0.7
                    font.family: "monospace"
                    font.pixelSize: 12
                    Layout.alignment: Qt.AlignTop
                }
                Label {
                    text: event.modelData.what
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                }
                Label {
                    text: event.modelData.who
                    opacity: 0.7
                    Layout.alignment: Qt.AlignTop
                }
            }
        }
    }
}
