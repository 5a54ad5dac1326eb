#pragma once
// The printable A4 poster of one alert (PDF, QPdfWriter + QPainter). Its own target,
// candor_alerts_poster, because it alone needs QtGui; it needs a QGuiApplication.

#include "alerts/publishers.h"

namespace candor::alerts {

class PdfPosterWriter : public PosterWriter {
public:
    std::string pdf(const PublicAlert &alert, const SiteOptions &options) override;
};

} // namespace candor::alerts
