pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// A "possible" high-risk component of the match (a row of MatchController.possible): a
// warning, never a finding, with one button that records it as an uncertain finding
// (which refers the sample for confirmation).
Label {
    id: root

    // Where the uncertain finding goes.
    required property SampleController sampleController
    // The row's roles (MixtureComponentModel).
    required property string substance
    required property string warningText
    required property bool inFindings

    objectName: "possibleWarning"
    Layout.fillWidth: true
    wrapMode: Text.Wrap
    color: "#6d2c00"
    padding: 6
    rightPadding: possibleButton.width + 12
    text: "⚠ " + root.warningText
    background: Rectangle {
        color: "#fff3e0"
        border.color: "#e65100"
        radius: 4
    }

    Button {
        id: possibleButton

        objectName: "addPossibleButton"
        anchors.right: parent.right
        anchors.rightMargin: 6
        anchors.verticalCenter: parent.verticalCenter
        text: root.inFindings ? qsTr("✓ in findings") : qsTr("+ uncertain finding")
        enabled: root.sampleController.canEdit && !root.inFindings
        onClicked: root.sampleController.addUncertainFromMatch(root.substance)
    }
}
