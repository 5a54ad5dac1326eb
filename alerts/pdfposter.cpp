#include "alerts/pdfposter.h"

#include <QBuffer>
#include <QFont>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace candor::alerts {

std::string PdfPosterWriter::pdf(const PublicAlert &a, const SiteOptions &o)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        QPdfWriter writer(&buffer);
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        writer.setResolution(300);
        writer.setTitle(QString::fromStdString(a.headline));
        writer.setCreator("Candor");
        QPainter p(&writer);
        const QRect page = p.viewport();
        const int w = page.width();
        const bool warning = a.severity == core::AlertSeverity::Warning, caution = a.severity == core::AlertSeverity::Caution;
        const QColor colour = warning ? QColor("#b3261e") : caution ? QColor("#8a5a00") : QColor("#0b4f8a");
        const QString label = a.msgType == "Cancel" ? QStringLiteral("WITHDRAWN")
                                                    : QString::fromStdString(core::toString(a.severity)).toUpper();
        QFont font("DejaVu Sans");
        int y = 0;
        // The severity band: words, not colour alone.
        p.fillRect(QRect(0, 0, w, 420), colour);
        font.setPointSizeF(54);
        font.setBold(true);
        p.setFont(font);
        p.setPen(Qt::white);
        p.drawText(QRect(0, 0, w, 420), Qt::AlignCenter, label);
        y = 500;
        p.setPen(Qt::black);
        font.setPointSizeF(30);
        p.setFont(font);
        QRect r = p.boundingRect(QRect(0, y, w, 2000), Qt::TextWordWrap, QString::fromStdString(a.headline));
        p.drawText(r, Qt::TextWordWrap, QString::fromStdString(a.headline));
        y = r.bottom() + 120;
        font.setPointSizeF(16);
        auto fact = [&](const QString &name, const std::string &value) {
            font.setBold(true);
            p.setFont(font);
            p.drawText(QRect(0, y, 900, 200), Qt::AlignLeft, name);
            font.setBold(false);
            p.setFont(font);
            QRect vr = p.boundingRect(QRect(950, y, w - 950, 1200), Qt::TextWordWrap, QString::fromStdString(value));
            p.drawText(vr, Qt::TextWordWrap, QString::fromStdString(value));
            y = std::max(vr.bottom(), y + 90) + 40;
        };
        fact("What was found", a.found);
        fact("Sold as", a.soldAs);
        fact("Samples", a.samples);
        fact("Region", a.region);
        fact("When", a.window() + " (ISO weeks)");
        if (a.msgType == "Cancel")
            fact("Withdrawn", a.reason);
        y += 60;
        font.setBold(true);
        font.setPointSizeF(20);
        p.setFont(font);
        p.drawText(QRect(0, y, w, 200), Qt::AlignLeft, "Staying safer");
        y += 170;
        font.setBold(false);
        font.setPointSizeF(15);
        p.setFont(font);
        const QString advice = QString::fromStdString(a.advice);
        QRect ar = p.boundingRect(QRect(0, y, w, page.height() - y - 400), Qt::TextWordWrap, advice);
        p.drawText(QRect(0, y, w, page.height() - y - 400), Qt::TextWordWrap, advice);
        y = ar.bottom() + 80;
        font.setPointSizeF(11);
        p.setFont(font);
        p.drawText(QRect(0, page.height() - 300, w, 300), Qt::TextWordWrap | Qt::AlignBottom,
                   QString::fromStdString("Published by " + o.serviceName + ", " + a.publishedAt.substr(0, 10) +
                                          ". Drug checking shows what is in the samples people bring; it cannot tell you "
                                          "what is in yours. Nobody who brought a sample can be identified from this poster."));
        p.end();
    }
    return buffer.data().toStdString();
}

} // namespace candor::alerts
