pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The sample's cross-reaction warnings, at the top of the sample page. Their space is
// kept (three lines, scrolling when there are more) so that a new one does not push the
// page down; the one a tap raised is also shown beside the tap.
Frame {
    id: root

    // Whose warnings (SampleController.warnings) are shown.
    required property SampleController controller

    objectName: "crossReactionWarnings"
    Layout.preferredHeight: warningMetrics.height * 3 + topPadding + bottomPadding + 8
    background: Rectangle {
        color: root.controller.warnings.length > 0 ? "#fff3e0" : "transparent"
        border.color: root.controller.warnings.length > 0 ? "#e65100" : palette.mid
        radius: 4
    }

    FontMetrics {
        id: warningMetrics
    }

    ListView {
        anchors.fill: parent
        clip: true
        model: root.controller.warnings
        spacing: 4
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {}

        delegate: Label {
            id: warningItem

            required property string modelData

            objectName: "crossReactionWarning"
            width: ListView.view.width - 12
            wrapMode: Text.Wrap
            text: "⚠ " + warningItem.modelData
            color: "#6d2c00"
        }
    }

    Label {
        visible: root.controller.warnings.length === 0
        opacity: 0.6
        text: qsTr("No cross-reaction warnings.")
    }
}
