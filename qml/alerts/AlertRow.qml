pragma ComponentBehavior: Bound
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts

// One alert in the alerts list: its severity's colour bar, severity and status, headline,
// and how many samples, where and when. The roles are AlertListModel's.
ItemDelegate {
    id: row

    required property int index
    required property string alertId
    required property string status
    required property string severity
    required property int severityLevel
    required property string headline
    required property int samples
    required property string region
    required property string window
    required property bool needsUpdate
    // The alert the editor shows.
    required property string selectedId

    // By core's severity order: information, caution, warning.
    readonly property color severityColour: ["#1f5fa8", "#b26a00", "#b3261e"][Math.max(0, Math.min(2, row.severityLevel))]

    objectName: "alertRow" + row.index
    highlighted: row.alertId === row.selectedId

    contentItem: RowLayout {
        spacing: 8

        Rectangle {
            Layout.preferredWidth: 6
            Layout.fillHeight: true
            color: row.severityColour
        }
        ColumnLayout {
            Layout.fillWidth: true
            spacing: 2

            Label {
                text: qsTr("%1 · %2%3").arg(row.severity.toUpperCase()).arg(row.status)
                    .arg(row.needsUpdate ? qsTr(" · new samples since publishing") : "")
                color: row.highlighted ? row.palette.highlightedText : row.severityColour
                font.bold: true
            }
            Label {
                text: row.headline
                wrapMode: Text.Wrap
                Layout.fillWidth: true
            }
            Label {
                text: qsTr("%1 · %2 · %3").arg(row.samples === 1 ? qsTr("1 sample") : qsTr("%1 samples").arg(row.samples))
                    .arg(row.region).arg(row.window)
                opacity: 0.7
            }
        }
    }
}
