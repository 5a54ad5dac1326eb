pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtCharts
import Candor

// One stored spectrum, drawn from the points the controller puts in the series. The
// mouse wheel zooms around the pointer, dragging a rectangle zooms into it, a double
// click or "Reset zoom" shows the whole spectrum again.
Item {
    id: root

    required property InstrumentFilesController controller
    property string spectrumId: ""
    // What is drawn, for tests and the page: the number of points and the axis titles.
    property int pointCount: 0
    readonly property string xTitle: xAxis.titleText
    readonly property string yTitle: yAxis.titleText

    function redraw(): void {
        const info = root.controller.plot(series, root.spectrumId);
        chart.zoomReset();
        if (!info.ok) {
            root.pointCount = 0;
            chart.title = root.spectrumId.length > 0 ? qsTr("This spectrum cannot be drawn") : qsTr("No spectrum selected");
            return;
        }
        xAxis.titleText = info.xTitle;
        xAxis.reverse = info.reverseX;
        xAxis.min = info.xMin;
        xAxis.max = info.xMax;
        yAxis.titleText = info.yTitle;
        yAxis.min = info.yMin;
        yAxis.max = info.yMax;
        chart.title = info.title;
        root.pointCount = info.npoints;
    }

    onSpectrumIdChanged: redraw()

    ChartView {
        id: chart

        objectName: "spectrumChart"
        anchors.fill: parent
        antialiasing: true
        legend.visible: false
        title: qsTr("No spectrum selected")

        LineSeries {
            id: series

            width: 1.5
            color: "#1565c0"
            axisX: ValueAxis {
                id: xAxis

                labelFormat: "%.0f"
                tickCount: 9
            }
            axisY: ValueAxis {
                id: yAxis

                labelFormat: "%.3g"
            }
        }

        MouseArea {
            id: zoomArea

            property point start: Qt.point(0, 0)

            anchors.fill: parent
            acceptedButtons: Qt.LeftButton
            onPressed: mouse => {
                start = Qt.point(mouse.x, mouse.y);
                band.x = mouse.x;
                band.y = mouse.y;
                band.width = 0;
                band.height = 0;
                band.visible = true;
            }
            onPositionChanged: mouse => {
                band.x = Math.min(start.x, mouse.x);
                band.y = Math.min(start.y, mouse.y);
                band.width = Math.abs(mouse.x - start.x);
                band.height = Math.abs(mouse.y - start.y);
            }
            onReleased: {
                band.visible = false;
                if (band.width > 8 && band.height > 8)
                    chart.zoomIn(Qt.rect(band.x, band.y, band.width, band.height));
            }
            onDoubleClicked: chart.zoomReset()
            onWheel: wheel => {
                // Zoom around the pointer: the point under it stays where it is.
                const f = wheel.angleDelta.y > 0 ? 0.8 : 1.25;
                const area = chart.plotArea;
                chart.zoomIn(Qt.rect(wheel.x - (wheel.x - area.x) * f, wheel.y - (wheel.y - area.y) * f,
                                     area.width * f, area.height * f));
            }
        }

        // Outside any layout, so showing and hiding it is safe.
        Rectangle {
            id: band

            visible: false
            color: "#302196f3"
            border.color: "#2196f3"
        }
    }

    Button {
        objectName: "resetZoomButton"
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: 8
        text: qsTr("Reset zoom")
        onClicked: chart.zoomReset()
    }
}
