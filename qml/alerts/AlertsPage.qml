pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The coordinator's alerts: drafts and published alerts on the left (by severity colour),
// the editor, the live preview of the anonymized bulletin and the alert's history on the
// right (AlertEditor). Publishing, corrections and withdrawals need the coordinator role.
// "Export site" writes everything the community reads into one folder (ExportSiteDialog).
Page {
    id: root

    function showOutcome(message: string, colour: color): void {
        statusLabel.color = colour;
        statusLabel.text = message;
        exportDialog.showMessage(message, colour);
    }

    AlertsController {
        id: controller

        onErrorOccurred: message => root.showOutcome(message, "#b3261e")
        onPublished: message => root.showOutcome(message, "#1b5e20")
    }

    header: ToolBar {
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 12

            Label {
                objectName: "alertsTitle"
                text: qsTr("Alerts: %1").arg(controller.count)
                font.pixelSize: 18
                font.bold: true
            }
            Label {
                id: statusLabel

                objectName: "alertsStatus"
                Layout.fillWidth: true
                elide: Text.ElideRight
                text: controller.canPublish ? controller.demoNote : qsTr("Only a coordinator can edit and publish alerts.")
                opacity: 0.75
            }
            ToolButton {
                objectName: "refreshAlertsButton"
                text: qsTr("Draft from verified results")
                onClicked: controller.refresh()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Match the verified samples against the alert rules")
            }
            ToolButton {
                objectName: "exportSiteButton"
                text: qsTr("Export site…")
                onClicked: exportDialog.open()
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Write the community site, feed, CAP, JSON, CSV and posters")
            }
        }
    }

    ExportSiteDialog {
        id: exportDialog

        alerts: controller
        width: Math.min(root.width - 48, 720)
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 12

        ListView {
            id: list

            objectName: "alertsList"
            Layout.preferredWidth: 380
            Layout.fillHeight: true
            spacing: 6
            clip: true
            model: controller.alerts

            delegate: AlertRow {
                id: row

                width: list.width
                selectedId: controller.selectedId
                onClicked: controller.select(row.alertId)
            }

            Label {
                anchors.centerIn: parent
                width: parent.width - 24
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
                text: controller.count === 0 ? qsTr("No alerts yet. “Draft from verified results” matches the verified samples against the rules.")
                                           + (controller.demoNote === "" ? "" : "\n\n" + controller.demoNote) : ""
                opacity: 0.7
            }
        }

        AlertEditor {
            alerts: controller
            Layout.fillWidth: true
            Layout.fillHeight: true
        }
    }
}
