"""Convert the registry data files' free-text ``source:`` into ``sources:`` + ``confidence:``.

One-off tool kept for merges: rows written in the old format (``source: "..."``, ``note:
"..."``) are rewritten in place; rows already converted are left as they are (idempotent).

    python scripts/convert_registry_sources.py [folder]   # default: src/bucarest/data/registry

What it does, row by row (the files are edited as text so that comments survive):

* ``source:`` is split on `` ; ``; each part becomes one citation {title, issuer, date, url}
  from the catalogue below (keyed by URL or by a known title), or, for a URL the catalogue
  does not know, a citation named after the site (check those by eye and add them here).
* curation remarks ("citation not re-read", "well-established date", mirrors, what a date
  means) become ``# `` comments above the row's ``sources:``; mirror links are replaced by the
  text they copy (without the mirror's URL) where the catalogue knows it.
* ``confidence:`` is ``official`` when a citation is an official text (NATO, a government, a
  parliament, a treaty depositary, an official journal), else ``secondary``; ``estimate``
  where the row's note says the value is inferred or estimated.
* ``note:`` becomes ``note_en:`` + ``note_fr:`` from the NOTES table (curation moves to a
  comment); a note the table does not know is kept as ``note_en:`` with a warning, and the
  loader then refuses the row until someone writes its ``note_fr:``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

import yaml

# ---------------------------------------------------------------------------------------
# Citations. level: "official" or "secondary". url=None drops a mirror's link.

NATO = "NATO"


@dataclass(frozen=True)
class Cite:
    issuer: str
    title: str
    date: str | None
    level: str
    url: str | None = ""  # "" = the catalogue key itself; None = no link
    remark: str = ""  # curation remark for the comment


_NI = "https://www.nato.int/"
CATALOGUE: dict[str, Cite] = {
    # --- NATO official texts, topic pages and news
    _NI + "cps/en/natohq/official_texts_17120.htm": Cite(
        NATO, "The North Atlantic Treaty", "1949-04-04", "official"
    ),
    _NI + "cps/en/natohq/topics_52044.htm": Cite(NATO, "NATO member countries", None, "official"),
    _NI + "cps/en/natohq/topics_49212.htm": Cite(
        NATO, "Enlargement and Article 10", None, "official"
    ),
    _NI + "cps/en/natohq/official_texts_27444.htm": Cite(
        NATO, "Membership Action Plan (MAP), Washington Summit", "1999-04-24", "official"
    ),
    _NI + "cps/en/natohq/official_texts_8443.htm": Cite(
        NATO, "Bucharest Summit Declaration", "2008-04-03", "official"
    ),
    _NI + "cps/en/natolive/topics_37356.htm": Cite(
        NATO, "Membership Action Plan (MAP)", None, "official"
    ),
    _NI + "cps/en/natohq/topics_49290.htm": Cite(
        NATO, "Individual Partnership Action Plans", None, "official"
    ),
    _NI + "cps/en/natohq/topics_49188.htm": Cite(
        NATO, "Relations with partners across the globe", None, "official"
    ),
    _NI + "cps/en/natohq/topics_143936.htm": Cite(
        NATO, "Relations with Colombia", None, "official"
    ),
    _NI + "cps/en/natohq/topics_50071.htm": Cite(NATO, "Relations with Pakistan", None, "official"),
    _NI + "cps/en/natohq/topics_50098.htm": Cite(
        NATO, "Relations with the Republic of Korea", None, "official"
    ),
    _NI + "cps/en/natohq/topics_85297.htm": Cite(NATO, "Relations with Mongolia", None, "official"),
    _NI + "cps/en/natolive/topics_52347.htm": Cite(
        NATO, "Relations with New Zealand", None, "official"
    ),
    _NI + "cps/en/natolive/topics_48899.htm": Cite(
        NATO, "Relations with Australia", None, "official"
    ),
    _NI + "cps/en/natolive/topics_50336.htm": Cite(NATO, "Relations with Japan", None, "official"),
    _NI + "cps/en/natolive/topics_52108.htm": Cite(NATO, "Relations with Malta", None, "official"),
    _NI + "cps/en/natolive/topics_50312.htm": Cite(
        NATO, "Relations with Tajikistan", None, "official"
    ),
    _NI + "cps/en/natolive/topics_58787.htm": Cite(
        NATO, "Istanbul Cooperation Initiative (ICI)", None, "official"
    ),
    _NI + "cps/en/natolive/topics_49736.htm": Cite(
        NATO, "Relations with Montenegro", None, "official"
    ),
    _NI + "cps/en/natolive/news_17839.htm": Cite(
        NATO, "Algeria joins NATO's Mediterranean Dialogue", "2000-03-14", "official"
    ),
    _NI + "cps/en/natohq/news_17895.htm": Cite(
        NATO, "Algeria invited to join Mediterranean Dialogue", "2000-02-16", "official"
    ),
    _NI + "cps/en/natohq/news_180825.htm": Cite(
        NATO, "Colombia presented as a partner across the globe", "2018-05-31", "official"
    ),
    _NI + "cps/en/natohq/news_21437.htm": Cite(
        NATO, "United Arab Emirates to develop cooperation with NATO", "2005-06-22", "official"
    ),
    _NI + "cps/en/natohq/news_21689.htm": Cite(
        NATO, "NATO launches 'Intensified Dialogue' with Ukraine", "2005-04-21", "official"
    ),
    _NI + "cps/en/natohq/news_46406.htm": Cite(
        NATO,
        "Framework document on the establishment of the NATO-Georgia Commission",
        "2008-09-15",
        "official",
    ),
    _NI + "cps/en/natohq/news_62811.htm": Cite(
        NATO, "Bosnia and Herzegovina and Membership Action Plan", "2010-04-22", "official"
    ),
    _NI + "cps/en/natohq/news_7192.htm": Cite(
        NATO, "Malta re-engages in the Partnership for Peace Programme", "2008-04-03", "official"
    ),
    _NI + "cps/en/natolive/news_88351.htm": Cite(
        NATO, "NATO-Australia Joint Political Declaration", "2012-06-14", "official"
    ),
    _NI + "cps/en/natohq/topics_82584.htm": Cite(
        NATO, "Signatures of Partnership for Peace Framework Document", None, "official"
    ),
    _NI + "docu/basictxt/b940110b.htm": Cite(
        NATO, "Partnership for Peace: Framework Document", "1994-01-10", "official"
    ),
    _NI + "docu/basictxt/b970530a.htm": Cite(
        NATO, "Basic Document of the Euro-Atlantic Partnership Council", "1997-05-30", "official"
    ),
    _NI + "docu/comm/1997/970708/infopres/e-eapc.htm": Cite(
        NATO,
        "The Euro-Atlantic Partnership Council (Madrid Summit fact sheet)",
        "1997-07",
        "official",
    ),
    _NI + "docu/other/ukr/updates/2008/09-september/u0909a.html": Cite(
        NATO,
        "Bosnia and Herzegovina begins Intensified Dialogue with NATO",
        "2008-09-09",
        "official",
    ),
    _NI + "docu/pr/2004/p04-028e.htm": Cite(
        NATO,
        "Press release (2004) 028: invitation to accede to the North Atlantic Treaty",
        "2004-03-02",
        "official",
    ),
    _NI + "docu/update/1994/9401e.htm": Cite(
        NATO, "NATO Update, January 1994", "1994-01", "official"
    ),
    _NI + "docu/update/2006/12-december/e1214b.htm": Cite(
        NATO, "First Intensified Dialogue meeting with Georgia", "2006-12-14", "official"
    ),
    _NI + "docu/update/2008/04-april/e0425b.html": Cite(
        NATO, "Accession talks with Albania and Croatia", "2008-04-25", "official"
    ),
    "https://webarchive.library.unt.edu/web/20121017143433/http://www.nato.int/cps/en/natolive/topics_49290.htm": Cite(
        NATO, "Individual Partnership Action Plans (page of 2012, archived)", "2012", "official"
    ),
    "https://webarchive.library.unt.edu/web/20121020193627/http://www.nato.int/cps/en/natolive/topics_88247.htm": Cite(
        NATO, "Relations with Iraq (page of 2012, archived)", "2012", "official"
    ),
    "https://www.nato-pa.int/content/finland-sweden-accession": Cite(
        "NATO Parliamentary Assembly",
        "Finland and Sweden accession: ratification tracker",
        None,
        "official",
    ),
    # --- governments, parliaments, official journals, depositary records
    "https://webarchive.library.unt.edu/eot2008/20090507084934/http:/www.state.gov/www/regions/nea/000314_nato_algeria.html": Cite(
        NATO,
        "Press release (2000) 027: Algeria's participation in NATO's Mediterranean Dialogue",
        "2000-03-14",
        "official",
        _NI + "docu/pr/2000/p00-027e.htm",
        "read in the State Department's archived copy (webarchive.library.unt.edu)",
    ),
    "https://webarchive.library.unt.edu/eot2008/20090512114922/http://www.america.gov/st/peacesec-english/2009/April/20090401130205dmslahrellek0.6114008.html": Cite(
        "US Department of State (America.gov)",
        "Albania and Croatia join NATO (archived page)",
        "2009-04-01",
        "official",
    ),
    "https://nato.usmission.gov/nato-allies-sign-accession-protocols-for-finland-and-sweden/": Cite(
        "US Mission to NATO",
        "NATO Allies sign accession protocols for Finland and Sweden",
        "2022-07-05",
        "official",
    ),
    "https://www.gpo.gov/fdsys/pkg/CDOC-110tdoc20/html/CDOC-110tdoc20.htm": Cite(
        "US Senate (GPO)",
        "Treaty Doc. 110-20: Protocols to the North Atlantic Treaty of 1949 on the accession of Albania and Croatia",
        "2008",
        "official",
    ),
    "https://www.presidency.ucsb.edu/documents/remarks-signing-ceremony-for-north-atlantic-treaty-organization-accession-protocols-for": Cite(
        "The American Presidency Project",
        "Remarks at a signing ceremony for North Atlantic Treaty Organization accession protocols for Albania and Croatia",
        "2008-10-24",
        "secondary",
    ),
    "https://www.einpresswire.com/article/626059468/secretary-antony-j-blinken-at-finland-s-nato-instruments-of-accession-ceremony": Cite(
        "US Department of State",
        "Secretary Antony J. Blinken at Finland's NATO Instruments of Accession Ceremony",
        "2023-04-04",
        "secondary",
        None,
        "transcript read in a press-wire copy (einpresswire), not on state.gov",
    ),
    "http://eu-nato.gov.ge/en/nato/relations/integration/ngc": Cite(
        "Office of the State Minister of Georgia on European and Euro-Atlantic Integration",
        "NATO-Georgia Commission",
        None,
        "official",
    ),
    "https://nato.mfa.gov.ge/en/nato-chronology": Cite(
        "Ministry of Foreign Affairs of Georgia", "NATO-Georgia chronology", None, "official"
    ),
    "https://regjeringen.no/no/dokumenter/stprp-nr-29-1997-98-/id201661/?ch=8": Cite(
        "Norwegian Government", "St.prp. nr. 29 (1997-98)", "1997", "official"
    ),
    "https://regjeringen.no/no/dokumenter/prop.-16-s-20162017/id2518765/?ch=7": Cite(
        "Norwegian Government", "Prop. 16 S (2016-2017)", "2016", "official"
    ),
    "https://www.riigiteataja.ee/akt/219062019002": Cite(
        "Riigi Teataja (Estonian State Gazette)",
        "Protocol to the North Atlantic Treaty on the Accession of the Republic of North Macedonia",
        "2019",
        "official",
    ),
    "https://zoek.officielebekendmakingen.nl/trb-2003-59.html": Cite(
        "Tractatenblad (Dutch Treaty Series)", "Trb. 2003, 59", "2003", "official"
    ),
    "https://zoek.officielebekendmakingen.nl/trb-2004-107.html": Cite(
        "Tractatenblad (Dutch Treaty Series)", "Trb. 2004, 107", "2004", "official"
    ),
    "https://zoek.officielebekendmakingen.nl/kst-34524-B.html": Cite(
        "Dutch Parliament", "Kamerstuk 34524, B", "2017-02-10", "official"
    ),
    "https://zoek.officielebekendmakingen.nl/h-tk-20082009-2968-2978.html": Cite(
        "Dutch House of Representatives",
        "Handelingen TK 2008-2009, pp. 2968-2978",
        "2009",
        "official",
    ),
    "https://www.njb.nl/wetgeving/staatsbladen/toetreding-noord-macedonie-navo.32298.lynkx": Cite(
        "Nederlands Juristenblad",
        "Toetreding Noord-Macedonië NAVO (Stb. 2019, 420)",
        "2019-11",
        "secondary",
    ),
    "https://www.zakonyprolidi.cz/print/ms/2016-49/zneni-20090327.htm": Cite(
        "Czech Ministry of Foreign Affairs",
        "Notice 49/2016 Sb. m. s. (Collection of International Treaties)",
        "2016",
        "official",
    ),
    "https://esipa.cz/sbirka/sbsrv.dll/sb?DR=SB&CP=2025s425": Cite(
        "Czech Ministry of Foreign Affairs",
        "Notice 425/2025 Sb. (Collection of Laws)",
        "2025",
        "official",
    ),
    "https://www.fulsoft.cz/33/19-2020-sb-m-s-sdeleni-ministerstva-zahranicnich-veci-o-sjednani-protokolu-o-pristupu-republiky-severni-makedonie-k-severoatlanticke-smlouve-uniqueidOhwOuzC33qe_hFd_-jrpTjXOeE1-2b7lyp2rJQI-2yuwj0JoeGVFeQ/?ns=1610876226": Cite(
        "Czech Ministry of Foreign Affairs",
        "Notice 19/2020 Sb. m. s. (Collection of International Treaties)",
        "2020",
        "official",
    ),
    "https://zakony.judikaty.info/ajax/law-diff/?law_nr=99/2020": Cite(
        "Slovak Ministry of Foreign and European Affairs",
        "Notice 99/2020 Z. z. (Collection of Laws)",
        "2020",
        "official",
    ),
    "https://www.senat.fr/cra/s20090204/s20090204_1.html": Cite(
        "Sénat", "Compte rendu analytique de la séance du 4 février 2009", "2009-02-04", "official"
    ),
    "http://www.assemblee-nationale.fr/13/rapports/r1409.asp": Cite(
        "Assemblée nationale",
        "Rapport n° 1409 (protocoles d'adhésion de l'Albanie et de la Croatie)",
        "2009",
        "official",
    ),
    "http://saeima.lv/en/news/saeima-news/27960-saeima-supports-the-accession-of-north-macedonia-to-the-north-atlantic-treaty": Cite(
        "Saeima",
        "Saeima supports the accession of North Macedonia to the North Atlantic Treaty",
        "2019-05-16",
        "official",
    ),
    "https://vlada.gov.hr/vijesti/madjarska-ratificirala-protokol-o-clanstvu-hrvatske-u-nato-u/8353?big=1": Cite(
        "Government of Croatia",
        "Mađarska ratificirala Protokol o članstvu Hrvatske u NATO-u",
        "2008-09-15",
        "official",
    ),
    "https://mvep.gov.hr/notizie/ratifikacija-protokola-tr-ita/171317": Cite(
        "Croatian Ministry of Foreign and European Affairs",
        "Ratifikacija protokola (Italija)",
        "2008-12",
        "official",
    ),
    "http://www.podgorica.embassy.si/index.php?id=3267&L=1": Cite(
        "Embassy of Slovenia in Podgorica", "Montenegro and NATO", None, "official"
    ),
    "http://www.gov.me/en/sections/international-press-clipping/93627/178417.html": Cite(
        "Bloomberg (press clipping of the Government of Montenegro)",
        "NATO Puts Montenegro on Membership Path",
        "2009-12-04",
        "secondary",
    ),
    "https://bpb.de/themen/zeit-kulturgeschichte/deutschland-chronik/132530/10-11-januar-1994": Cite(
        "Bundeszentrale für politische Bildung",
        "Deutschland-Chronik: 10./11. Januar 1994",
        None,
        "secondary",
    ),
    # --- mirrors: the work they copy, without the mirror's link
    "https://chrisinbrnocr.blogspot.com/2022/11/partnership-for-peace.html": Cite(
        NATO,
        "Signatures of Partnership for Peace Framework Document",
        None,
        "official",
        _NI + "cps/en/natohq/topics_82584.htm",
        "day dates corroborated by a blog list (chrisinbrnocr.blogspot.com/2022/11/partnership-for-peace.html); NATO's page itself not re-read",
    ),
    "http://www.wikimili.com/en/North_Macedonia–NATO_relations": Cite(
        "Wikipedia",
        "North Macedonia–NATO relations",
        None,
        "secondary",
        None,
        "read in a Wikipedia copy at wikimili.com",
    ),
    "https://wikitp.blogspot.com/2009/11/nato-cooperation-with-japan.html": Cite(
        NATO,
        "NATO cooperation with Japan (page of 2009)",
        "2009",
        "secondary",
        None,
        "read in a blog reproduction (wikitp.blogspot.com): first NATO-Japan exchange in 1990",
    ),
    "https://d2jam3db7a2z7v.cloudfront.net/about-us/newsroom/nato-invites-montenegro-to-start-accession-talks.html": Cite(
        NATO,
        "NATO invites Montenegro to start accession talks",
        "2015-12-02",
        "secondary",
        None,
        "read in a copy on a cloudfront.net host",
    ),
    "https://am1.news/usconservative/topic/lemonde/6-slug-turkey-finalizes-sweden-s-nato-accession": Cite(
        "Le Monde",
        "Turkey finalizes Sweden's NATO accession",
        "2024-01",
        "secondary",
        None,
        "read in an aggregator copy (am1.news)",
    ),
    "https://aus-city.com/cgi-bin/dada/mail.cgi?flavor=archive_bare&id=20070323160506&list=MILITARY_REPORTS": Cite(
        "Military reports mailing list",
        "Partnership for Peace: signatures of Bosnia and Herzegovina, Montenegro and Serbia",
        "2007-03-23",
        "secondary",
        None,
        "read in a mailing-list archive on aus-city.com",
    ),
    "https://exbulletin.com/politics/2584165/": Cite(
        "ExBulletin (news aggregator)",
        "Hungary's ratification of Sweden's accession",
        "2024-03",
        "secondary",
        None,
        "aggregator copy of a news report",
    ),
    "https://news.alayham.com/content/iraq-nato%E2%80%99s-new-generation-military-partnership": Cite(
        "Al-Ayham news",
        "Iraq: NATO's new generation military partnership",
        None,
        "secondary",
        None,
        "aggregator copy",
    ),
    "https://rickrozoff.wordpress.com/2015/01/16/serbia-one-step-closer-to-full-nato-membership/": Cite(
        "Tanjug",
        "Serbia one step closer to full NATO membership",
        "2015-01-16",
        "secondary",
        None,
        "Tanjug report read in a blog reproduction (rickrozoff.wordpress.com)",
    ),
    "http://mongoliaeconomy.blogspot.com/2012/03/nato-and-mongolia-agree-programme-of.html": Cite(
        "Mongolia Economy (blog)",
        "NATO and Mongolia agree programme of cooperation",
        "2012-03",
        "secondary",
    ),
    "https://www.pressreader.com/czech-republic/mf-dnes/20170526/282484298709752": Cite(
        "MF DNES",
        "MF DNES, 26 May 2017",
        "2017-05-26",
        "secondary",
        "http://www.pressreader.com/czech-republic/mf-dnes/20170526/282484298709752",
    ),
    "http://www.pressreader.com/czech-republic/mf-dnes/20170526/282484298709752": Cite(
        "MF DNES", "MF DNES, 26 May 2017", "2017-05-26", "secondary"
    ),
    # --- news and reference (secondary)
    "https://ukrainetoday.org/turkiye-has-finally-agreed-to-swedens-membership-in-nato-erdogan-signed-the-document/": Cite(
        "Ukraine Today",
        "Türkiye has finally agreed to Sweden's membership in NATO: Erdoğan signed the document",
        "2024-01-25",
        "secondary",
    ),
    "https://www.atlanticcouncil.org/commentary/trackers-and-data-visualizations/when-will-sweden-and-finland-join-nato-tracking-the-ratification-process-across-the-alliance/": Cite(
        "Atlantic Council",
        "When will Sweden and Finland join NATO? Tracking the ratification process across the Alliance",
        "2022",
        "secondary",
    ),
    "https://www.nieuwsblad.be/cnt/dmf20220705_93986989": Cite(
        "Het Nieuwsblad", "Het Nieuwsblad, 5 July 2022", "2022-07-05", "secondary"
    ),
    "https://www.nieuwsblad.be/cnt/dmf20230403_94026937": Cite(
        "Het Nieuwsblad", "Het Nieuwsblad, 3 April 2023", "2023-04-03", "secondary"
    ),
    "https://www.hln.be/buitenland/ondertekening-toetredingsprotocollen-finland-en-zweden-markeert-start-ratificatieproces~ab8ebada/": Cite(
        "HLN",
        "Ondertekening toetredingsprotocollen Finland en Zweden markeert start ratificatieproces",
        "2022-07-05",
        "secondary",
    ),
    "https://newsnow.tasr.sk/president-caputova-ratifies-finlands-and-swedens-accession-to-nato/": Cite(
        "TASR",
        "President Čaputová ratifies Finland's and Sweden's accession to NATO",
        "2022-09-28",
        "secondary",
    ),
    "https://www.wctv.tv/2021/10/18/russia-suspends-its-mission-nato-foreign-minister-says/": Cite(
        "Associated Press (WCTV)",
        "Russia suspends its mission to NATO, foreign minister says",
        "2021-10-18",
        "secondary",
    ),
    "https://en.interfax.com.ua/news/general/922446.html": Cite(
        "Interfax-Ukraine",
        "NATO-Ukraine Council replaces the NATO-Ukraine Commission",
        "2023-07",
        "secondary",
    ),
    "https://civil.ge/archives/117473": Cite(
        "Civil Georgia", "NATO-Georgia Commission Inaugurated", "2008-09-15", "secondary"
    ),
    "https://old.civil.ge/eng/_print.php?id=13614": Cite(
        "Civil Georgia", "NATO offers Intensified Dialogue to Georgia", "2006-09-21", "secondary"
    ),
    "https://gulfnews.com/world/gulf/kuwait/training-site-part-of-cooperation-initiative-1.1121497": Cite(
        "Gulf News", "Training site part of cooperation initiative", None, "secondary"
    ),
    "https://kuwaittimes.com/article/19408/kuwait/other-news/crown-prince-attends-ici-ceremony/": Cite(
        "Kuwait Times", "Crown Prince attends ICI ceremony", None, "secondary"
    ),
    "https://www.rferl.org/a/1098907.html": Cite(
        "Radio Free Europe/Radio Liberty",
        "Tajikistan joins the Partnership for Peace",
        "2002-02",
        "secondary",
    ),
    "http://oldtmt.vedomosti.ru/sitemap/free/1994/1/article/vilnius-signs-nato-partnership-document/215467.html": Cite(
        "The Moscow Times", "Vilnius signs NATO partnership document", "1994-01", "secondary"
    ),
    "https://bafl.com/canada-first-nato-member-country-to-ratify-nato-enlargement-treaty/": Cite(
        "Baltic American Freedom League",
        "Canada first NATO member country to ratify NATO enlargement treaty",
        "2003-03",
        "secondary",
    ),
    "https://www.tportal.hr/vijesti/clanak/nitko-vam-nece-uzeti-slobodu-hrvatska-je-prije-deset-godina-usla-u-nato-foto-20190329/print": Cite(
        "tportal.hr",
        "Nitko vam neće uzeti slobodu: Hrvatska je prije deset godina ušla u NATO",
        "2019-03-29",
        "secondary",
    ),
    "http://dalje.com/en-croatia/slovenia-ratifies-croatias-accession-in-nato/232508": Cite(
        "Dalje.com", "Slovenia ratifies Croatia's accession in NATO", "2009-03", "secondary"
    ),
    "https://www.eurasia.ro/2009/03/30/slovenia-ratifies-croatias-nato-accession-protocol/": Cite(
        "Eurasia.ro",
        "Slovenia ratifies Croatia's NATO accession protocol",
        "2009-03-30",
        "secondary",
    ),
    "https://www.pengovsky.com/2009/03/31/slovenia-ratifies-croatian-nato-entry/": Cite(
        "pengovsky.com (blog)", "Slovenia ratifies Croatian NATO entry", "2009-03-31", "secondary"
    ),
    "https://www.tiranatimes.com/luxembourg-ratifies-nato-membership-protocol_106314/": Cite(
        "Tirana Times", "Luxembourg ratifies NATO membership protocol", "2009-02-11", "secondary"
    ),
    "https://tvklan.al/shqiperia-zyrtarisht-ne-nato-mbyllet-procesi-i-ratifikimit-te-anetaresimit-17-shkurt-2009": Cite(
        "TV Klan",
        "Shqipëria zyrtarisht në NATO: mbyllet procesi i ratifikimit të anëtarësimit",
        "2009-02-17",
        "secondary",
    ),
    "https://arhiva.kodex.me/clanak/135981/okoncanje-ratifikacija-ocekuje-se-u-holandiji-njemackoj-sad-kanadi-i-spaniji": Cite(
        "Kodex",
        "Okončanje ratifikacija očekuje se u Holandiji, Njemačkoj, SAD, Kanadi i Španiji",
        "2017",
        "secondary",
    ),
    "https://arhiva.kodex.me/clanak/137700/kanada-ratifikovala-protokol-o-pristupanju-crne-gore-nato": Cite(
        "Kodex", "Kanada ratifikovala Protokol o pristupanju Crne Gore NATO", "2017", "secondary"
    ),
    "http://cherna.gora.me/news/baltic-countries-to-ratify-in-october-romania-and-uk-likely-to-do-so-as-well/": Cite(
        "Cherna Gora news",
        "Baltic countries to ratify in October, Romania and UK likely to do so as well",
        "2016",
        "secondary",
    ),
    "http://cherna.gora.me/news/great-britain-ratified-the-protocol/": Cite(
        "Cherna Gora news", "Great Britain ratified the protocol", "2016-10", "secondary"
    ),
    "http://cherna.gora.me/news/island-and-slovenia-ratified-the-protocol/": Cite(
        "Cherna Gora news", "Iceland and Slovenia ratified the protocol", "2016-06", "secondary"
    ),
    "http://cherna.gora.me/news/ratification-of-protocol-in-romania-bulgaria-and-greece-by-the-end-of-july/": Cite(
        "Cherna Gora news",
        "Ratification of protocol in Romania, Bulgaria and Greece by the end of July",
        "2016-06",
        "secondary",
    ),
    "http://cherna.gora.me/news/the-process-of-ratification-completed/": Cite(
        "Cherna Gora news", "The process of ratification completed", "2017", "secondary"
    ),
    "http://cherna.gora.me/news/turkey-ratified-montenegros-nato-accession-protocol/": Cite(
        "Cherna Gora news",
        "Turkey ratified Montenegro's NATO accession protocol",
        "2016-09",
        "secondary",
    ),
    "http://hnv.me/content/hrvatska-ratificirala-protokol-o-pristupanju-crne-gore-nato-u": Cite(
        "Hrvatske novine (hnv.me)",
        "Hrvatska ratificirala Protokol o pristupanju Crne Gore NATO-u",
        "2016-11",
        "secondary",
    ),
    "https://www.vijesti.me/vijesti/politika/124033/i-madarska-ratifikovala-protokol-o-pristupanju-crne-gore-nato": Cite(
        "Vijesti",
        "I Mađarska ratifikovala Protokol o pristupanju Crne Gore NATO",
        "2016-06",
        "secondary",
    ),
    "https://srb.news-front.su/2016/07/31/polska-ratifikovala-protokol-o-ulasku-tsrne-gore-u-nato": Cite(
        "News Front",
        "Poljska ratifikovala protokol o ulasku Crne Gore u NATO",
        "2016-07-31",
        "secondary",
    ),
    "https://europeanwesternbalkans.com/2016/07/20/ratification-of-the-protocol-in-romania-italy-and-greece-by-the-end-of-july": Cite(
        "European Western Balkans",
        "Ratification of the protocol in Romania, Italy and Greece by the end of July",
        "2016-07-20",
        "secondary",
    ),
    "https://europeanwesternbalkans.com/2017/05/05/germanys-instrument-of-acceptance-montenegros-nato-accession-deposited/": Cite(
        "European Western Balkans",
        "Germany's instrument of acceptance of Montenegro's NATO accession deposited",
        "2017-05-05",
        "secondary",
    ),
    "https://europeanwesternbalkans.com/2017/05/12/spain-ratified-accession-protocol/": Cite(
        "European Western Balkans", "Spain ratified accession protocol", "2017-05-12", "secondary"
    ),
    "https://l24.lt/en/politics/item/157183-seimas-ratified-the-protocol-to-the-north-atlantic-treaty-on-the-accession-of-montenegro": Cite(
        "L24.lt",
        "Seimas ratified the protocol to the North Atlantic Treaty on the accession of Montenegro",
        "2016",
        "secondary",
    ),
    "https://zpravy.aktualne.cz/zahranici/trump-podepsal-prijeti-cerne-hory-do-nato-chybi-uz-jen-souhl/r~570ab0ea1ed311e7b9de0025900fea04/": Cite(
        "Aktuálně.cz", "Trump podepsal přijetí Černé Hory do NATO", "2017-04", "secondary"
    ),
    "https://jurist.org/news/2019/02/macedonia-signs-accession-agreement-with-nato": Cite(
        "JURIST", "Macedonia signs accession agreement with NATO", "2019-02", "secondary"
    ),
    "https://mia.mk/stoltenberg-to-spasovski-protocol-is-into-force-north-macedonia-is-30th-nato-member/?lang=en": Cite(
        "MIA",
        "Stoltenberg to Spasovski: protocol is into force, North Macedonia is 30th NATO member",
        "2020-03",
        "secondary",
    ),
    "http://skopjediem.com/newsinenglish/greece-ratifies-nato-protocol-for-accession-of-macedonia/": Cite(
        "Skopje Diem",
        "Greece ratifies NATO protocol for accession of Macedonia",
        "2019-02-08",
        "secondary",
    ),
    "https://skopjediem.com/2019/03/27/danish-parliament-ratifies-macedonian-nato-accession-protocol/": Cite(
        "Skopje Diem",
        "Danish parliament ratifies Macedonian NATO accession protocol",
        "2019-03-27",
        "secondary",
    ),
    "https://sofiaglobe.com/2019/02/15/albanias-parliament-among-latest-to-ratify-north-macedonias-nato-accession-protocol/": Cite(
        "The Sofia Globe",
        "Albania's parliament among latest to ratify North Macedonia's NATO accession protocol",
        "2019-02-15",
        "secondary",
    ),
    "https://sofiaglobe.com/2019/02/20/bulgarian-parliament-ratifies-north-macedonias-nato-accession-protocol/": Cite(
        "The Sofia Globe",
        "Bulgarian parliament ratifies North Macedonia's NATO accession protocol",
        "2019-02-20",
        "secondary",
    ),
    "https://bta.bg/en/news/89342-Parliament-Ratifies-North-Macedonia-s-NATO-Accession-Protocol": Cite(
        "BTA",
        "Parliament ratifies North Macedonia's NATO accession protocol",
        "2019-02-20",
        "secondary",
    ),
    "https://konica.al/2019/03/kroacia-ndez-driten-jeshile-per-maqedonine-e-veriut": Cite(
        "Konica.al", "Kroacia ndez dritën jeshile për Maqedoninë e Veriut", "2019-03", "secondary"
    ),
    "https://total-croatia-news.com/news/politics/north-macedonia-s-nato-accession/": Cite(
        "Total Croatia News", "North Macedonia's NATO accession", "2019-03", "secondary"
    ),
    "https://a1on.mk/?p=1021672": Cite(
        "A1on",
        "Montenegrin parliament ratifies North Macedonia's accession protocol",
        "2019-03-01",
        "secondary",
    ),
    "https://english.republika.mk/news/macedonia/montenegros-parliament-ratifies-nato-accession-protocol/": Cite(
        "Republika",
        "Montenegro's parliament ratifies NATO accession protocol",
        "2019-03-01",
        "secondary",
    ),
    "http://www.ziuanews.ro/revista-presei/formin-melescanu-meets-speaker-of-assembly-of-republic-of-north-macedonia-talat-xhaferi-1118975": Cite(
        "Ziua News",
        "ForMin Meleșcanu meets Speaker of Assembly of Republic of North Macedonia Talat Xhaferi",
        "2019-03",
        "secondary",
    ),
    "https://glasnews.bg/ot-poslednite-minuti/nova-tv-makedoniia-rumanskiiat-parlament-ratifitsira-335397": Cite(
        "Glasnews",
        "Румънският парламент ратифицира протокола за Македония",
        "2019-03-13",
        "secondary",
    ),
    "https://nezavisen.mk/lithuania-eighth-nato-member-to-ratify-north-macedonias-accession-protocol/": Cite(
        "Nezavisen",
        "Lithuania eighth NATO member to ratify North Macedonia's accession protocol",
        "2019-03-14",
        "secondary",
    ),
    "http://www.globaltimes.cn/content/1142191.shtml": Cite(
        "Global Times (Xinhua)",
        "Lithuanian parliament ratifies North Macedonia's NATO accession protocol",
        "2019-03-14",
        "secondary",
    ),
    "https://a1on.mk/macedonia/polska-go-ratifikuva-protokolot-za-chlenstvo-na-severna-makedonija-vo-nato": Cite(
        "A1on",
        "Полска го ратификува протоколот за членство на Северна Македонија во НАТО",
        "2019-04",
        "secondary",
    ),
    "https://niezalezna.pl/277538-macedonia-polnocna-dziekuje-polsce": Cite(
        "Niezależna", "Macedonia Północna dziękuje Polsce", "2019-04", "secondary"
    ),
    "https://meta.mk/en/germany-gives-green-light-for-the-country-s-entry-into-nato/": Cite(
        "Meta.mk",
        "Germany gives green light for the country's entry into NATO",
        "2019-06",
        "secondary",
    ),
    "https://tyzhden.ua/polovyna-krain-nato-ratyfikuvaly-protokol-pro-vstup-pivnichnoi-makedonii-do-aliansu": Cite(
        "Tyzhden",
        "Половина країн НАТО ратифікували протокол про вступ Північної Македонії до Альянсу",
        "2019-06",
        "secondary",
    ),
    "https://www.ukrinform.ua/rubric-world/2725224-kanada-ratifikuvala-protokol-pro-clenstvo-pivnicnoi-makedonii-v-nato.html": Cite(
        "Ukrinform",
        "Канада ратифікувала протокол про членство Північної Македонії в НАТО",
        "2019-06-20",
        "secondary",
    ),
    "https://www.navytimes.com/congress/2019/10/22/us-senate-approves-north-macedonia-to-nato/": Cite(
        "Navy Times", "US Senate approves North Macedonia to NATO", "2019-10-22", "secondary"
    ),
    "https://english.republika.mk/news/macedonia/pompeo-welcomes-ratification-of-nato-protocol-in-the-senate/": Cite(
        "Republika",
        "Pompeo welcomes ratification of NATO protocol in the Senate",
        "2019-10",
        "secondary",
    ),
    "https://nezavisen.mk/the-netherlands-ratifies-north-macedonias-nato-accession-protocol/?lang=en": Cite(
        "Nezavisen",
        "The Netherlands ratifies North Macedonia's NATO accession protocol",
        "2019-11",
        "secondary",
    ),
    "https://defensenews.com/global/europe/2020/03/17/spanish-parliament-approves-north-macedonias-nato-membership-bid": Cite(
        "Defense News",
        "Spanish parliament approves North Macedonia's NATO membership bid",
        "2020-03-17",
        "secondary",
    ),
}

# Citations written as text (no URL) in the old files, keyed by their leading words.
TEXT_CITES: dict[str, Cite] = {
    "Madrid Declaration on Euro-Atlantic Security and Cooperation": Cite(
        NATO,
        "Madrid Declaration on Euro-Atlantic Security and Cooperation, para. 6",
        "1997-07-08",
        "official",
        None,
        "cited from the well-known text; not re-read",
    ),
    "Prague Summit Declaration": Cite(
        NATO,
        "Prague Summit Declaration, para. 2",
        "2002-11-21",
        "official",
        None,
        "cited from the well-known text; not re-read",
    ),
    "Brussels Summit Declaration, 11 July 2018": Cite(
        NATO,
        "Brussels Summit Declaration",
        "2018-07-11",
        "official",
        None,
        "cited from the well-known text; not re-read",
    ),
    "NATO-Russia Relations: A New Quality": Cite(
        NATO,
        "NATO-Russia Relations: A New Quality (Rome Declaration)",
        "2002-05-28",
        "official",
        None,
        "cited from the well-known text; not re-read",
    ),
    "Charter on a Distinctive Partnership": Cite(
        NATO,
        "Charter on a Distinctive Partnership between NATO and Ukraine",
        "1997-07-09",
        "official",
        None,
        "cited from the well-known text; not re-read",
    ),
    "Declaration by NATO and the Government of the Islamic Republic of Afghanistan": Cite(
        NATO,
        "Declaration by NATO and the Government of the Islamic Republic of Afghanistan on an Enduring Partnership",
        "2010-11-20",
        "official",
        None,
        "cited from the well-known text; not re-read",
    ),
    "NATO, 'Signatures of Partnership for Peace Framework Document'": Cite(
        NATO,
        "Signatures of Partnership for Peace Framework Document",
        None,
        "official",
        _NI + "cps/en/natohq/topics_82584.htm",
        "NATO's page not re-read",
    ),
}

_URL = re.compile(r"https?://[^\s;\"]+")
_HOST_ISSUER = {"nato.int": NATO}
#: Sites whose texts are official (NATO, governments, parliaments, official journals).
OFFICIAL_HOSTS = (
    "nato.int",
    "nato-pa.int",
    ".gov",
    ".gouv.fr",
    "gov.uk",
    "senat.fr",
    "assemblee-nationale.fr",
    "officielebekendmakingen.nl",
    "regjeringen.no",
)


def _strip(url: str) -> str:
    return re.sub(r"[),.]+$", "", url)


def _fallback(url: str) -> Cite:
    host = urlparse(url).netloc.removeprefix("www.")
    level = "official" if host.endswith(OFFICIAL_HOSTS) else "secondary"
    slug = [p for p in urlparse(url).path.split("/") if p and not p.isdigit()]
    title = (slug[-1] if slug else host).rsplit(".", 1)[0].replace("-", " ").replace("_", " ")
    sys.stderr.write(f"warning: {url} not in the catalogue; cited as {host!r}" + "\n")
    return Cite(_HOST_ISSUER.get(host, host), title[:1].upper() + title[1:], None, level)


_WRITTEN = re.compile(r"^(?P<issuer>[^,'\"]{2,60}), '(?P<title>[^']+)'")


def _written(part: str, url: str) -> Cite | None:
    """A part written "Issuer, 'Title' - URL": the citation it spells out."""
    m = _WRITTEN.match(part)
    if m is None:
        return None
    host = urlparse(url).netloc.removeprefix("www.")
    level = "official" if host.endswith(OFFICIAL_HOSTS) else "secondary"
    return Cite(m.group("issuer").strip(), m.group("title").strip(), None, level)


def cite_part(part: str) -> tuple[dict[str, str], str, list[str]]:
    """One ``source`` part: (citation, level, curation remarks)."""
    remarks: list[str] = []
    if "not re-read" in part:
        remarks.append("citation not re-read")
    extra = re.search(r"\(([^()]*)\)\s*$", part)
    urls = [_strip(u) for u in _URL.findall(part)]
    chosen: Cite | None = None
    for key, c in TEXT_CITES.items():
        if part.startswith(key):
            chosen = c
            break
    if chosen is None and urls:
        chosen = CATALOGUE.get(urls[0]) or _written(part, urls[0]) or _fallback(urls[0])
        # a parenthesis after a URL is curation ("date = end of the parliamentary procedure")
        if extra and "citation not re-read" not in extra.group(1):
            remarks.append(extra.group(1))
    if chosen is None:
        raise SystemExit(f"cannot convert source part {part!r}: add it to TEXT_CITES")
    url = (urls[0] if urls else None) if chosen.url == "" else chosen.url
    # links in the part that the citation does not keep (a corroborating list, a mirror)
    for u in urls:
        known = CATALOGUE.get(u)
        if u != url and u != chosen.url and known is not chosen:
            remarks.append(known.remark if known and known.remark else f"also consulted: {u}")
    if chosen.remark:
        if "not re-read" in chosen.remark:
            remarks = [r for r in remarks if r != "citation not re-read"]
        remarks.append(chosen.remark)
    remarks = list(dict.fromkeys(remarks))
    out = {"title": chosen.title, "issuer": chosen.issuer}
    if chosen.date:
        out["date"] = chosen.date
    if url:
        out["url"] = url
    return out, chosen.level, remarks


def convert_source(text: str) -> tuple[list[dict[str, str]], str, list[str]]:
    citations: list[dict[str, str]] = []
    levels: list[str] = []
    remarks: list[str] = []
    for part in (p.strip() for p in text.split(" ; ")):
        if not part:
            continue
        c, level, r = cite_part(part)
        if c not in citations:
            citations.append(c)
        levels.append(level)
        remarks += [x for x in r if x not in remarks]
    confidence = "official" if "official" in levels else "secondary"
    return citations, confidence, remarks


# ---------------------------------------------------------------------------------------
# Notes: the old English note's leading words -> (note_en, note_fr, confidence override).
# note_en None: the whole note is curation and goes to a comment.
# When note_en differs from the old note, the old note is kept in a comment.

from convert_registry_notes import NOTES  # noqa: E402  (the long table lives apart)


def convert_note(text: str) -> tuple[str | None, str | None, str | None, bool]:
    """(note_en, note_fr, confidence override, keep the old note as a comment)."""
    for key, (en, fr, conf) in NOTES.items():
        if text.startswith(key):
            return en, fr, conf, en != text
    sys.stderr.write(f"warning: note not in the table, kept in English only: {text[:80]!r}" + "\n")
    return text, None, None, False


# ---------------------------------------------------------------------------------------
# The text rewrite.

_FIELD = re.compile(
    r"^(?P<indent>\s*)(?P<dash>- )?(?P<key>source|note): (?P<value>\".*\"|'.*')\s*$"
)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _wrap(indent: str, text: str) -> list[str]:
    words, lines, cur = text.split(), [], ""
    for w in words:
        if cur and len(indent) + 2 + len(cur) + 1 + len(w) > 96:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}" if cur else w
    if cur:
        lines.append(cur)
    return [f"{indent}# {line}\n" for line in lines]


def convert_text(text: str) -> str:
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        m = _FIELD.match(line)
        if not m or m.group("dash"):
            out.append(line)
            i += 1
            continue
        indent, key = m.group("indent"), m.group("key")
        value = yaml.safe_load(m.group("value"))
        if key == "source":
            cites, conf, remarks = convert_source(value)
            # a following note may lower the confidence to an estimate
            nxt = _FIELD.match(lines[i + 1]) if i + 1 < len(lines) else None
            if nxt and nxt.group("key") == "note" and nxt.group("indent") == indent:
                _, _, override, _ = convert_note(yaml.safe_load(nxt.group("value")))
                conf = override or conf
            for r in remarks:
                out += _wrap(indent, f"curation: {r}")
            out.append(f"{indent}confidence: {conf}\n")
            out.append(f"{indent}sources:\n")
            for c in cites:
                first = True
                for k in ("title", "issuer", "date", "url"):
                    if k in c:
                        out.append(f"{indent}  {'- ' if first else '  '}{k}: {_q(c[k])}\n")
                        first = False
        else:
            en, fr, _, keep_old = convert_note(value)
            if keep_old and value:
                out += _wrap(indent, f"curation note: {value}")
            if en:
                out.append(f"{indent}note_en: {_q(en)}\n")
                if fr:
                    out.append(f"{indent}note_fr: {_q(fr)}\n")
        i += 1
    return "".join(out)


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("src/bucarest/data/registry")
    for name in ("frameworks.yaml", "memberships.yaml", "accession.yaml"):
        path = folder / name
        before = path.read_text(encoding="utf-8")
        after = convert_text(before)
        yaml.safe_load(after)  # still valid YAML
        if after != before:
            path.write_text(after, encoding="utf-8")
            sys.stdout.write(f"converted {path}\n")


if __name__ == "__main__":
    main()
