pragma ComponentBehavior: Bound
import QtQml
import QtQuick
import QtQuick.Controls
import QtCharts
import Candor

// One stored spectrum, drawn from the points the controller puts in the series. The
// Ctrl + mouse wheel zooms around the pointer (the plain wheel scrolls the page, as
// everywhere else on it), dragging a rectangle zooms into it, a double
// click or "Reset zoom" shows the whole spectrum again.
Item {
    id: root

    required property InstrumentFilesController controller
    property string spectrumId: ""
    // The number of points drawn.
    property int pointCount: 0

    function redraw(): void {
        // Reset first: a reset after new ranges would bring back the old spectrum's.
        chart.zoomReset();
        // The controller sets the points, the axes' ranges and titles and the chart title.
        root.pointCount = root.controller.drawInto(series, root.spectrumId);
    }

    // Later, not at once: on the first frame the series may not be in its chart yet, and
    // the controller would find no chart to title and no axes to set up.
    onSpectrumIdChanged: redrawSoon.restart()
    Component.onCompleted: redrawSoon.restart()

    Timer {
        id: redrawSoon

        interval: 0
        onTriggered: root.redraw()
    }

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
                // A plain wheel scrolls the sample page: a technician scrolling past the
                // chart must not zoom it by accident.
                if (!(wheel.modifiers & Qt.ControlModifier)) {
                    wheel.accepted = false;
                    return;
                }
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
        id: resetZoom

        objectName: "resetZoomButton"
        anchors.top: parent.top
        anchors.right: parent.right
        anchors.margins: 8
        text: qsTr("Reset zoom")
        onClicked: chart.zoomReset()
    }
    Label {
        anchors.right: resetZoom.left
        anchors.rightMargin: 8
        anchors.verticalCenter: resetZoom.verticalCenter
        opacity: 0.6
        font.pixelSize: 11
        text: qsTr("Drag a box or Ctrl+wheel to zoom")
    }
}
