import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The first start on an empty database: offer demo data to look around with.
Page {
    id: root

    signal done()

    Connections {
        target: Session

        function onErrorOccurred(message: string): void {
            errorLabel.text = message;
        }
    }

    Frame {
        anchors.centerIn: parent
        width: 560
        padding: 24

        ColumnLayout {
            anchors.fill: parent
            spacing: 14

            Label {
                text: qsTr("No samples yet")
                font.pixelSize: 24
                font.bold: true
            }

            Label {
                Layout.fillWidth: true
                wrapMode: Text.Wrap
                text: qsTr("You can start taking in samples now, or load a demo data set to see how Candor looks with a few weeks of work in it.")
            }

            RowLayout {
                spacing: 8

                DemoBadge {}

                Label {
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                    text: qsTr("Demo samples are invented. Each one is marked DEMO everywhere it appears and sits at the site “Demo site (not real data)”.")
                }
            }

            Label {
                id: errorLabel

                Layout.fillWidth: true
                // Kept in the layout while empty (see FormField.qml).
                color: "#b00020"
                wrapMode: Text.Wrap
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: 12

                Button {
                    objectName: "loadDemoButton"
                    text: qsTr("Load demo data")
                    onClicked: {
                        if (Session.loadDemoData())
                            root.done();
                    }
                }

                Button {
                    objectName: "startEmptyButton"
                    text: qsTr("Start with no samples")
                    highlighted: true
                    // The default: Enter or Space starts work at once.
                    focus: true
                    Component.onCompleted: forceActiveFocus()
                    onClicked: root.done()
                    Keys.onReturnPressed: root.done()
                    Keys.onEnterPressed: root.done()
                }
            }
        }
    }
}
