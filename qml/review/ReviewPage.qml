pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The verifier's queue: samples waiting for verification, oldest first. Opening one shows
// the sample page with everything to judge and the Decision panel.
Page {
    id: root

    signal openSample(string sampleId)

    ReviewController {
        id: review
    }

    Component.onCompleted: review.reload()

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12

            Label {
                objectName: "reviewTitle"
                text: qsTr("Waiting for verification: %1").arg(review.count)
                font.pixelSize: 18
                font.bold: true
            }
            Item {
                Layout.fillWidth: true
            }
            ToolButton {
                text: qsTr("Refresh")
                onClicked: review.reload()
            }
        }
    }

    // Why the queue could not be read: said where the verifier looks, not only in the log.
    footer: Label {
        objectName: "reviewError"
        visible: review.errorMessage.length > 0
        text: review.errorMessage
        color: "#b00020"
        wrapMode: Text.Wrap
        padding: 12
    }

    ListView {
        id: list

        objectName: "reviewList"
        anchors.fill: parent
        anchors.margins: 12
        spacing: 6
        clip: true
        model: review.queue

        delegate: ItemDelegate {
            id: row

            required property var modelData
            required property int index

            objectName: "reviewRow_" + row.modelData.publicCode
            width: list.width
            onClicked: root.openSample(row.modelData.id)

            contentItem: ColumnLayout {
                spacing: 2

                RowLayout {
                    spacing: 12

                    Label {
                        text: row.modelData.publicCode
                        font.family: "monospace"
                        font.bold: true
                    }
                    Label {
                        text: qsTr("sold as “%1”, %2").arg(row.modelData.soldAs).arg(row.modelData.form)
                    }
                    // Four eyes: the person who submitted a result cannot verify it, so
                    // their own rows say so before they open one.
                    Label {
                        objectName: "ownSubmission_" + row.modelData.publicCode
                        visible: row.modelData.mine
                        text: qsTr("Yours: another verifier must verify it")
                        color: "white"
                        font.pixelSize: 12
                        font.bold: true
                        leftPadding: 8
                        rightPadding: 8
                        topPadding: 2
                        bottomPadding: 2
                        background: Rectangle {
                            radius: 8
                            color: "#6a4c93"
                        }
                    }
                    Item {
                        Layout.fillWidth: true
                    }
                    Label {
                        text: qsTr("submitted %1 by %2").arg(row.modelData.submittedLocal).arg(row.modelData.submittedBy)
                        opacity: 0.7
                    }
                }
                Label {
                    text: qsTr("Found: %1").arg(row.modelData.findings)
                    wrapMode: Text.Wrap
                    Layout.fillWidth: true
                }
                Label {
                    text: row.modelData.referral.length > 0 ? qsTr("Refer: %1").arg(row.modelData.referral) : ""
                    color: "#6d2c00"
                }
            }
        }
    }

    Label {
        anchors.centerIn: parent
        text: review.count === 0 ? qsTr("Nothing is waiting for verification.") : ""
        opacity: 0.7
    }
}
