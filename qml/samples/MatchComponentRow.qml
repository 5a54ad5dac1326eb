pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// One detected component of the match (a row of MatchController.components): name, class,
// share of the signal, high risk, its one-click findings, and below it the distinctive
// bands of its own that the sample shows, in the colour they are marked on the chart.
ColumnLayout {
    id: root

    // Where one-click findings go.
    required property SampleController sampleController
    // The row's roles (MixtureComponentModel).
    required property string substance
    required property string findingName
    required property string substanceClass
    required property string percent
    required property bool highRisk
    required property string bandsText
    required property string bandColour
    required property bool primaryRecorded
    required property bool traceRecorded

    Layout.fillWidth: true
    spacing: 0

    RowLayout {
        Layout.fillWidth: true
        spacing: 8

        Label {
            objectName: "mixtureComponent"
            text: root.substance
            font.bold: true
            Layout.fillWidth: true
            Layout.minimumWidth: 120
            elide: Text.ElideRight
        }
        Label {
            text: root.substanceClass
            opacity: 0.7
            Layout.preferredWidth: 130
            elide: Text.ElideRight
        }
        Label {
            text: root.percent
            font.family: "monospace"
            horizontalAlignment: Text.AlignRight
            Layout.preferredWidth: 70
        }
        Label {
            objectName: "componentHighRisk"
            text: root.highRisk ? qsTr("HIGH RISK") : ""
            color: "#b00020"
            font.bold: true
            Layout.preferredWidth: 80
        }
        Button {
            // Named per substance, so a test (or a screen reader user) can tell them apart.
            objectName: "addPrimaryButton_" + root.findingName.replace(/ /g, "_")
            text: (root.primaryRecorded ? "✓ " : "+ ") + qsTr("primary")
            enabled: root.sampleController.canEdit && !root.primaryRecorded
            onClicked: root.sampleController.addFindingFromMatch(root.substance, Vocabulary.primary)
        }
        Button {
            objectName: "addTraceButton_" + root.findingName.replace(/ /g, "_")
            text: (root.traceRecorded ? "✓ " : "+ ") + qsTr("trace")
            enabled: root.sampleController.canEdit && !root.traceRecorded
            onClicked: root.sampleController.addFindingFromMatch(root.substance, Vocabulary.trace)
        }
    }
    RowLayout {
        Layout.fillWidth: true
        Layout.leftMargin: 16
        spacing: 4

        Label {
            text: root.bandsText.length > 0 ? "◆" : ""
            color: root.bandColour
            font.pixelSize: 14
        }
        Label {
            objectName: "componentBands"
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            opacity: 0.75
            font.pixelSize: 12
            text: root.bandsText.length > 0 ? qsTr("its %1 present, marked in this colour on the chart").arg(root.bandsText) : ""
        }
    }
}
