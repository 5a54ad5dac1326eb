import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The workspace's tool bar: the pages, "+ New sample", the demo-data badge, who is signed
// in, Settings and Sign out. What each button opens is the workspace's (Main.qml).
ToolBar {
    id: bar

    signal showList
    signal showReview
    signal showAlerts
    signal newSample
    signal showLibrary
    signal showSettings
    signal signOut

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 12
        anchors.rightMargin: 12
        spacing: 8

        Label {
            text: "Candor"
            font.pixelSize: 20
            font.bold: true
        }

        ToolButton {
            objectName: "samplesButton"
            text: qsTr("Samples")
            onClicked: bar.showList()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("All samples (Ctrl+L)")
        }

        ToolButton {
            objectName: "reviewButton"
            text: Session.canReview ? qsTr("Review queue (%1)").arg(Session.reviewQueueCount) : qsTr("Review queue")
            enabled: Session.canReview
            onClicked: bar.showReview()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Results waiting for verification, oldest first")
        }

        ToolButton {
            objectName: "alertsButton"
            text: qsTr("Alerts")
            enabled: Session.canCoordinate
            onClicked: bar.showAlerts()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Community alerts: drafts, publishing, withdrawals (coordinator)")
        }

        ToolButton {
            objectName: "newSampleButton"
            text: qsTr("+ New sample")
            font.bold: true
            enabled: Session.canTakeIn
            onClicked: bar.newSample()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("Take in a sample (Ctrl+N)")
        }

        ToolButton {
            objectName: "libraryButton"
            text: qsTr("Library")
            onClicked: bar.showLibrary()
            ToolTip.visible: hovered
            ToolTip.text: qsTr("The reference library matching searches")
        }

        // Short, so that the toolbar still fits at 1024 px: the long sentence
        // pushed Sign out off the window. The full warning is on hover and
        // on every demo sample.
        DemoBadge {
            id: demoBanner

            objectName: "demoBanner"
            visible: Session.hasDemoData
            text: qsTr("DEMO DATA")
            Accessible.name: qsTr("Demo data in this database: not real results")

            HoverHandler {
                id: demoBannerHover
            }
            ToolTip.visible: demoBannerHover.hovered
            ToolTip.text: qsTr("This database holds invented demo samples: not real results. Remove them in Settings.")
        }

        Item {
            Layout.fillWidth: true
        }

        Label {
            text: qsTr("%1 (%2)").arg(Session.displayName).arg(Session.rolesText)
            opacity: 0.8
            elide: Text.ElideRight
            Layout.maximumWidth: 280
        }

        ToolButton {
            objectName: "settingsButton"
            text: qsTr("Settings")
            onClicked: bar.showSettings()
        }

        ToolButton {
            objectName: "signOutButton"
            text: qsTr("Sign out")
            onClicked: bar.signOut()
        }
    }
}
