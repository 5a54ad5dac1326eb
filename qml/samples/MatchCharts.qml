pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Layouts
import QtCharts
import Candor

// The match panel's charts: the processed spectrum with the top three hits, the fitted
// mixture and the distinctive bands present (drawn from C++, MatchController.drawInto),
// and the residual below it (no height when nothing was detected to subtract).
ColumnLayout {
    id: root

    required property MatchController matcher

    function redraw(): void {
        mainChart.zoomReset();
        root.matcher.drawInto(querySeries, fitSeries, hit1Series, hit2Series, hit3Series, residualSeries, bandSeries);
    }

    spacing: 6

    ChartView {
        id: mainChart

        objectName: "matchChart"
        Layout.fillWidth: true
        Layout.preferredHeight: 360
        antialiasing: true
        legend.alignment: Qt.AlignBottom
        title: qsTr("No match to draw")

        LineSeries {
            id: querySeries

            objectName: "querySeries"
            width: 2
            color: "#212121"
        }
        LineSeries {
            id: fitSeries

            width: 1.5
            color: "#2e7d32"
            style: Qt.DashLine
        }
        LineSeries {
            id: hit1Series

            width: 1
            color: "#c62828"
        }
        LineSeries {
            id: hit2Series

            width: 1
            color: "#1565c0"
        }
        LineSeries {
            id: hit3Series

            width: 1
            color: "#6a1b9a"
        }
        ScatterSeries {
            id: bandSeries

            objectName: "bandSeries"
            // Each mark takes its component's colour (set from C++); this one is the legend's.
            markerSize: 12
            markerShape: ScatterSeries.MarkerShapeRotatedRectangle
            color: "#607d8b"
            borderColor: "#212121"
            pointLabelsVisible: true
            pointLabelsFormat: "@xPoint"
            pointLabelsClipping: false
        }

        MouseArea {
            anchors.fill: parent
            onDoubleClicked: mainChart.zoomReset()
            onWheel: wheel => {
                // As in SpectrumChart: the plain wheel scrolls the page, Ctrl+wheel zooms.
                if (!(wheel.modifiers & Qt.ControlModifier)) {
                    wheel.accepted = false;
                    return;
                }
                const f = wheel.angleDelta.y > 0 ? 0.8 : 1.25;
                const area = mainChart.plotArea;
                mainChart.zoomIn(Qt.rect(wheel.x - (wheel.x - area.x) * f, wheel.y - (wheel.y - area.y) * f,
                                         area.width * f, area.height * f));
            }
        }
    }

    ChartView {
        id: residualChart

        objectName: "residualChart"
        Layout.fillWidth: true
        // Nothing detected, nothing subtracted: no residual to show.
        Layout.preferredHeight: root.matcher.components.count > 0 ? 230 : 0
        antialiasing: true
        legend.visible: false
        title: qsTr("Residual (sample − fitted mixture)")

        LineSeries {
            id: residualSeries

            objectName: "residualSeries"
            width: 1
            color: "#455a64"
        }
    }
}
