pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Candor

// The library match of the selected spectrum, in the order a technician reads it: the
// verdict naming what was found (and why, below it), a high-risk line, "main substance
// unknown" when it is, the strip/FTIR flags (MatchVerdict); then the detected components
// with the distinctive bands each shows (marked on the chart) and their one-click
// findings, the "possible" high-risk warnings (never findings), the charts and the
// residual; last the closest library spectra, the engine's warnings and the library used.
// Rows come from Repeaters over the controller's models; nothing toggles `visible` inside
// the layouts.
SectionCard {
    id: root

    required property MatchController matcher
    // Where one-click findings go.
    required property SampleController sampleController

    title: qsTr("Library match")
    Component.onCompleted: charts.redraw()

    Connections {
        target: root.matcher

        function onChanged(): void {
            charts.redraw();
        }
    }

    // 1. The verdict, naming what was found; its reason below it.
    MatchVerdict {
        Layout.fillWidth: true
        matcher: root.matcher
    }

    // What the match found, with the one-click findings and the charts: collapsed (not
    // hidden: Qt 6.4's layouts miss `visible` changes) while there is no match to show.
    ColumnLayout {
        objectName: "matchDetails"
        Layout.fillWidth: true
        Layout.preferredHeight: root.matcher.hasMatch ? implicitHeight : 0
        clip: true
        spacing: 6

        // 2. The detected components, each with the distinctive bands of its own that the
        // sample shows (marked on the chart below) and its one-click findings.
        Label {
            Layout.topMargin: 4
            text: root.matcher.components.count > 0 ? qsTr("Detected (share of the signal)") : qsTr("Detected: nothing")
            font.bold: true
        }
        Repeater {
            model: root.matcher.components

            delegate: MatchComponentRow {
                sampleController: root.sampleController
            }
        }
        Label {
            Layout.preferredHeight: root.matcher.residualText.length > 0 ? implicitHeight : 0
            clip: true
            text: root.matcher.residualText
            opacity: 0.75
        }

        // 3. "Possible" high-risk components: warnings, never findings.
        Repeater {
            model: root.matcher.possible

            delegate: PossibleComponentWarning {
                sampleController: root.sampleController
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 8

            Label {
                text: qsTr("Findings from this match:")
                opacity: 0.75
            }
            Button {
                objectName: "addUncertainButton"
                text: qsTr("+ uncertain match")
                enabled: root.sampleController.canEdit && root.matcher.isUncertain
                onClicked: root.sampleController.addFinding("", "uncertain")
            }
            Button {
                objectName: "addNoMatchButton"
                text: qsTr("+ no library match")
                enabled: root.sampleController.canEdit && root.matcher.isNoMatch
                onClicked: root.sampleController.addFinding("", "no-match")
            }
            Item {
                Layout.fillWidth: true
            }
        }

        MatchCharts {
            id: charts

            Layout.fillWidth: true
            matcher: root.matcher
        }

        // 4. The library's closest spectra, the engine's warnings and which library it was.
        Label {
            text: root.matcher.isNoMatch ? qsTr("Closest library spectra (none close enough to call)")
                                         : qsTr("Closest library spectra")
            font.bold: true
        }
        Repeater {
            model: root.matcher.hits

            delegate: MatchHitRow {}
        }

        Repeater {
            model: root.matcher.warnings

            delegate: Label {
                id: warning

                required property string modelData

                Layout.fillWidth: true
                wrapMode: Text.Wrap
                opacity: 0.85
                text: "! " + warning.modelData
            }
        }
    }

    Label {
        objectName: "matchLibrary"
        Layout.fillWidth: true
        wrapMode: Text.Wrap
        opacity: 0.6
        font.pixelSize: 12
        text: root.matcher.libraryText
    }
}
