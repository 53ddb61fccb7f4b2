"""Notes of the registry data files: old English note -> (note_en, note_fr, confidence).

Used by ``convert_registry_sources.py``. Keys are the old note's leading words. ``note_en``
None moves the whole old note into a comment (it described how the row was curated);
otherwise the old note, when it differs, is kept in a comment above the row.
The third item, when set, overrides the row's confidence (``estimate`` for inferred values).
"""

from __future__ import annotations

_P = (
    "Date of the parliamentary approval; the deposit of the instrument is not dated.",
    "Date de l'approbation parlementaire ; le dépôt de l'instrument n'est pas daté.",
)
_PM = (
    "Month of the parliamentary approval; the day and the deposit of the instrument are not dated.",
    "Mois de l'approbation parlementaire ; le jour et le dépôt de l'instrument ne sont pas datés.",
)
_PY = (
    "Year of the ratification; the month and the deposit of the instrument are not dated.",
    "Année de la ratification ; le mois et le dépôt de l'instrument ne sont pas datés.",
)
_EST = (
    "Estimated month, from the order in which the Allies ratified.",
    "Mois estimé d'après l'ordre dans lequel les Alliés ont ratifié.",
)
_CZ = (
    "Instrument of ratification deposited with the US Government, as the Czech Ministry of Foreign Affairs gave notice.",
    "Instrument de ratification déposé auprès du gouvernement des États-Unis, selon l'avis du ministère tchèque des Affaires étrangères.",
)
_EAPC = (
    "Founding EAPC partner: the EAPC was established by the member countries of the NACC and the participating countries of PfP (Basic Document, 30 May 1997).",
    "Partenaire fondateur du CPEA : le CPEA a été créé par les pays membres du COCONA et les pays participant au PPP (Document de base, 30 mai 1997).",
)
_IPAP_OPEN = (
    "IPAPs are being replaced by Individually Tailored Partnership Programmes (ITPPs); no transition date is known for this partner.",
    "Les IPAP sont progressivement remplacés par des programmes de partenariat individuels (ITPP) ; aucune date de transition n'est connue pour ce partenaire.",
)

NOTES: dict[str, tuple[str | None, str | None, str | None]] = {
    # ---------------- frameworks.yaml
    "Start is the Treaty's entry into force": (
        "Start is the Treaty's entry into force (24 August 1949); it was signed in Washington on 4 April 1949. France's withdrawal from the integrated military command (1966-2009) and Greece's (1974-1980) were not membership changes.",
        "Le début est l'entrée en vigueur du Traité (24 août 1949) ; il a été signé à Washington le 4 avril 1949. Le retrait de la France du commandement militaire intégré (1966-2009) et celui de la Grèce (1974-1980) n'ont pas modifié leur qualité de membre.",
        None,
    ),
    "Successor of the North Atlantic Cooperation Council": (
        "Successor of the North Atlantic Cooperation Council (NACC, December 1991), inaugurated by foreign ministers at Sintra; the Basic Document is dated 30 May 1997. The EAPC brings together the Allies and the partners; this registry lists the partners in it, the Allies being those of NATO on the same date.",
        "Successeur du Conseil de coopération nord-atlantique (COCONA, décembre 1991), inauguré par les ministres des Affaires étrangères à Sintra ; le Document de base est daté du 30 mai 1997. Le CPEA réunit les Alliés et les partenaires ; ce registre y inscrit les partenaires, les Alliés étant ceux de l'OTAN à la même date.",
        None,
    ),
    "Launched at the Brussels Summit of 10-11 January 1994": (
        "Launched at the Brussels Summit of 10-11 January 1994 (Invitation and Framework Document of 10 January 1994). Each partner's date is its signature of the Framework Document.",
        "Lancé au sommet de Bruxelles des 10 et 11 janvier 1994 (Invitation et Document-cadre du 10 janvier 1994). La date de chaque partenaire est celle de sa signature du Document-cadre.",
        None,
    ),
    "NATO: 'initiated in 1994 by the North Atlantic Council'": (
        "Initiated in 1994 by the North Atlantic Council (month estimated: the Council's ministerial meeting of December 1994); the first five partners joined in February 1995.",
        "Lancé en 1994 par le Conseil de l'Atlantique Nord (mois estimé : la réunion ministérielle du Conseil de décembre 1994) ; les cinq premiers partenaires y ont adhéré en février 1995.",
        "estimate",
    ),
    "Launched at the Istanbul Summit, 28 June 2004": (
        "Launched at the Istanbul Summit, 28 June 2004, and offered to the six Gulf Cooperation Council states; Oman and Saudi Arabia have not joined.",
        "Lancée au sommet d'Istanbul le 28 juin 2004 et proposée aux six États du Conseil de coopération du Golfe ; Oman et l'Arabie saoudite n'y ont pas adhéré.",
        None,
    ),
    "Established at the Rome Summit, 28 May 2002": (
        "Established at the Rome Summit, 28 May 2002. NATO suspended practical civilian and military cooperation with Russia in April 2014; Russia suspended its mission to NATO from about 1 November 2021. The Council has not been formally dissolved, so no end date is recorded.",
        "Créé au sommet de Rome le 28 mai 2002. L'OTAN a suspendu la coopération pratique civile et militaire avec la Russie en avril 2014 ; la Russie a suspendu sa mission auprès de l'OTAN à partir du 1er novembre 2021 environ. Le Conseil n'a pas été formellement dissous : aucune date de fin n'est inscrite.",
        None,
    ),
    "Created by the Charter on a Distinctive Partnership": (
        "Created by the Charter on a Distinctive Partnership signed in Madrid on 9 July 1997. Replaced on 12 July 2023 by the NATO-Ukraine Council (decided at the Vilnius Summit on 11 July 2023), in which Ukraine sits as an equal member.",
        "Créée par la Charte de partenariat spécifique signée à Madrid le 9 juillet 1997. Remplacée le 12 juillet 2023 par le Conseil OTAN-Ukraine (décidé au sommet de Vilnius le 11 juillet 2023), où l'Ukraine siège en membre à part entière.",
        None,
    ),
    "Framework document signed in Tbilisi on 15 September 2008": (
        "Framework document signed in Tbilisi on 15 September 2008 (decided by the special meeting of NATO foreign ministers of 19 August 2008); inaugural session the same day.",
        "Document-cadre signé à Tbilissi le 15 septembre 2008 (décidé par la réunion extraordinaire des ministres des Affaires étrangères de l'OTAN du 19 août 2008) ; session inaugurale le même jour.",
        None,
    ),
    "Not founded by any single act": (
        "Not founded by a single act: NATO's relations with countries outside its regional frameworks, called 'contact countries' until about 2010 and 'partners across the globe' since (2010 Strategic Concept, 2011 Berlin partnership policy). The start is set to the earliest documented dialogue (Japan, 1990), not a founding date.",
        "Sans acte fondateur unique : les relations de l'OTAN avec des pays extérieurs à ses cadres régionaux, appelés « pays de contact » jusque vers 2010 puis « partenaires dans le monde » (Concept stratégique de 2010, politique de partenariat de Berlin de 2011). Le début est fixé au plus ancien dialogue attesté (Japon, 1990), et non à une date de fondation.",
        "estimate",
    ),
    "Approved at the Washington Summit, 24 April 1999": (
        "Approved at the Washington Summit, 24 April 1999. At Vilnius (11 July 2023) Allies decided Ukraine no longer needs a MAP; the programme itself continues.",
        "Approuvé au sommet de Washington le 24 avril 1999. À Vilnius (11 juillet 2023), les Alliés ont décidé que l'Ukraine n'avait plus besoin d'un MAP ; le programme lui-même continue.",
        None,
    ),
    "Start year unverified: individual intensified dialogues": (
        "Individual intensified dialogues with aspirants followed the 1995 Study on NATO Enlargement and were running by the July 1997 Madrid Summit, which decided 'to continue the Alliance's intensified dialogues'. The start year, 1996, is an estimate.",
        "Les dialogues intensifiés avec les pays candidats ont suivi l'Étude sur l'élargissement de l'OTAN de 1995 et étaient en cours au sommet de Madrid de juillet 1997, qui a décidé de « poursuivre les dialogues intensifiés de l'Alliance ». L'année de début, 1996, est une estimation.",
        "estimate",
    ),
    "Launched at the Prague Summit, November 2002": (
        "Launched at the Prague Summit, November 2002. NATO is gradually replacing IPAPs with Individually Tailored Partnership Programmes (ITPPs), so no end date. An IPAP does not imply an aspiration to membership (e.g. Serbia, Kazakhstan).",
        "Lancés au sommet de Prague en novembre 2002. L'OTAN remplace progressivement les IPAP par des programmes de partenariat individuels (ITPP) : pas de date de fin. Un IPAP n'implique pas d'aspiration à l'adhésion (par exemple la Serbie, le Kazakhstan).",
        None,
    ),
    # ---------------- memberships.yaml: nato
    "Founding member: Treaty signed 4 April 1949, in force 24 August 1949. France": (
        "Founding member: Treaty signed 4 April 1949, in force 24 August 1949. France withdrew from NATO's integrated military command in 1966 and fully returned in 2009; it remained a member throughout.",
        "Membre fondateur : Traité signé le 4 avril 1949, entré en vigueur le 24 août 1949. La France a quitté le commandement militaire intégré de l'OTAN en 1966 et l'a pleinement réintégré en 2009 ; elle est restée membre pendant toute cette période.",
        None,
    ),
    "Founding member: Treaty signed 4 April 1949, in force 24 August 1949.": (
        "Founding member: Treaty signed 4 April 1949, in force 24 August 1949.",
        "Membre fondateur : Traité signé le 4 avril 1949, entré en vigueur le 24 août 1949.",
        None,
    ),
    "Protocol signed London October 1951. Greece": (
        "Protocol signed in London in October 1951. Greece left the integrated military command from 1974 to 1980 and remained a member.",
        "Protocole signé à Londres en octobre 1951. La Grèce a quitté le commandement militaire intégré de 1974 à 1980 et est restée membre.",
        None,
    ),
    "Protocol signed London October 1951. Date": (
        "Protocol signed in London in October 1951.",
        "Protocole signé à Londres en octobre 1951.",
        None,
    ),
    "Federal Republic of Germany (West Germany)": (
        "Federal Republic of Germany, protocol signed in Paris on 23 October 1954. The territory of the former GDR became part of the Alliance with German unification on 3 October 1990, which was not a new accession.",
        "République fédérale d'Allemagne, protocole signé à Paris le 23 octobre 1954. Le territoire de l'ancienne RDA est entré dans l'Alliance avec l'unification allemande du 3 octobre 1990, qui n'a pas été une nouvelle adhésion.",
        None,
    ),
    "Protocol signed Brussels 10 December 1981": (
        "Protocol signed in Brussels on 10 December 1981. Spain stayed outside the integrated military structure until 1999 and was a member throughout.",
        "Protocole signé à Bruxelles le 10 décembre 1981. L'Espagne est restée hors de la structure militaire intégrée jusqu'en 1999 tout en étant membre.",
        None,
    ),
    "Instruments of accession deposited at Independence, Missouri, 12 March 1999": (
        "Instruments of accession deposited at Independence, Missouri, 12 March 1999.",
        "Instruments d'adhésion déposés à Independence (Missouri) le 12 mars 1999.",
        None,
    ),
    "Instruments of accession deposited in Washington, 29 March 2004": (
        "Instruments of accession deposited in Washington, 29 March 2004.",
        "Instruments d'adhésion déposés à Washington le 29 mars 2004.",
        None,
    ),
    "Instruments of accession deposited at the State Department on 1 April 2009": (
        "Instruments of accession deposited at the State Department on 1 April 2009.",
        "Instruments d'adhésion déposés au département d'État le 1er avril 2009.",
        None,
    ),
    "Instrument of accession deposited in Washington on 5 June 2017": (
        "Instrument of accession deposited in Washington on 5 June 2017.",
        "Instrument d'adhésion déposé à Washington le 5 juin 2017.",
        None,
    ),
    "Acceded as the Republic of North Macedonia": (
        "Acceded as the Republic of North Macedonia (name changed under the Prespa agreement of 17 June 2018). Instrument of accession deposited on 27 March 2020.",
        "A adhéré sous le nom de République de Macédoine du Nord (nom adopté en vertu de l'accord de Prespa du 17 juin 2018). Instrument d'adhésion déposé le 27 mars 2020.",
        None,
    ),
    "Instrument of accession deposited with the US Secretary of State at NATO HQ": (
        "Instrument of accession deposited with the US Secretary of State at NATO Headquarters, Brussels, on 4 April 2023.",
        "Instrument d'adhésion déposé auprès du secrétaire d'État des États-Unis au siège de l'OTAN, à Bruxelles, le 4 avril 2023.",
        None,
    ),
    "Protocol entered into force 7 March 2024": (
        "The protocol entered into force on 7 March 2024 and Sweden deposited its instrument of accession the same day.",
        "Le protocole est entré en vigueur le 7 mars 2024 et la Suède a déposé son instrument d'adhésion le même jour.",
        None,
    ),
    # ---------------- memberships.yaml: eapc
    "Founding EAPC partner: the EAPC was established by the member countries of the NACC and the participating countries of PfP (Basic Document, 30 May 1997). No formal end": (
        _EAPC[0]
        + " No formal end of its participation is known; cooperation has been frozen since 2022.",
        _EAPC[1]
        + " Aucune fin formelle de sa participation n'est connue ; la coopération est gelée depuis 2022.",
        None,
    ),
    "Founding EAPC partner: the EAPC was established by the member countries of the NACC and the participating countries of PfP (Basic Document, 30 May 1997). NATO suspended": (
        _EAPC[0]
        + " NATO suspended practical cooperation with Russia in April 2014; no formal end of its participation is known.",
        _EAPC[1]
        + " L'OTAN a suspendu la coopération pratique avec la Russie en avril 2014 ; aucune fin formelle de sa participation n'est connue.",
        None,
    ),
    "Founding EAPC partner": (_EAPC[0], _EAPC[1], None),
    "NACC member since 1992": (
        "NACC member since 1992, hence a founding EAPC partner although it joined PfP only in 2002.",
        "Membre du COCONA depuis 1992, donc partenaire fondateur du CPEA bien qu'il n'ait rejoint le PPP qu'en 2002.",
        None,
    ),
    "Joined the EAPC together with PfP on 1 December 1999": (
        "Joined the EAPC together with PfP on 1 December 1999 (EAPC date taken as the PfP signature).",
        "A rejoint le CPEA en même temps que le PPP, le 1er décembre 1999 (date du CPEA prise égale à la signature du PPP).",
        "estimate",
    ),
    "Joined PfP and the EAPC on 25 May 2000": (
        "Joined PfP and the EAPC on 25 May 2000 (EAPC date taken as the PfP signature).",
        "A rejoint le PPP et le CPEA le 25 mai 2000 (date du CPEA prise égale à la signature du PPP).",
        "estimate",
    ),
    "Joined PfP and the EAPC in December 2006": (
        "Joined PfP and the EAPC in December 2006 after the Riga Summit invitation (EAPC date taken as the PfP signature).",
        "A rejoint le PPP et le CPEA en décembre 2006 après l'invitation du sommet de Riga (date du CPEA prise égale à la signature du PPP).",
        "estimate",
    ),
    "One row only: Malta's first PfP period": (
        "Malta's first PfP period (April 1995 to October 1996) ended before the EAPC was created in May 1997. At Bucharest 'EAPC leaders endorsed Malta's new accession to the Euro-Atlantic Partnership Council'.",
        "La première période de Malte au PPP (avril 1995 à octobre 1996) s'est achevée avant la création du CPEA en mai 1997. À Bucarest, les dirigeants du CPEA ont approuvé la nouvelle adhésion de Malte au Conseil de partenariat euro-atlantique.",
        None,
    ),
    # ---------------- memberships.yaml: pfp
    "First signatory of the Framework Document": (
        "First signatory of the Framework Document (Foreign Minister Teodor Meleșcanu at NATO Headquarters).",
        "Premier pays signataire du Document-cadre (le ministre des Affaires étrangères Teodor Meleșcanu, au siège de l'OTAN).",
        None,
    ),
    "Foreign Minister Kozyrev signed the Framework Document": (
        "Foreign Minister Kozyrev signed the Framework Document on 22 June 1994. NATO suspended all practical civilian and military cooperation with Russia on 1 April 2014; since Russia's full-scale invasion of Ukraine (February 2022) there has been no cooperation. No formal end of Russia's PfP participation is known.",
        "Le ministre des Affaires étrangères Kozyrev a signé le Document-cadre le 22 juin 1994. L'OTAN a suspendu toute coopération pratique civile et militaire avec la Russie le 1er avril 2014 ; depuis l'invasion à grande échelle de l'Ukraine par la Russie (février 2022), il n'y a plus de coopération. Aucune fin formelle de la participation de la Russie au PPP n'est connue.",
        None,
    ),
    "Cooperation with Belarus has been minimal": (
        "Cooperation with Belarus has been minimal and has been frozen since Belarus supported Russia's 2022 invasion of Ukraine; no formal end of its PfP participation is known.",
        "La coopération avec le Bélarus a été minime et est gelée depuis que le Bélarus a soutenu l'invasion de l'Ukraine par la Russie en 2022 ; aucune fin formelle de sa participation au PPP n'est connue.",
        None,
    ),
    "NATO: 'Malta joined the PfP in April 1995": (
        "NATO: 'Malta joined the PfP in April 1995, but suspended its participation in October 1996'. The new Labour government withdrew within hours of taking office.",
        "OTAN : Malte a rejoint le PPP en avril 1995, mais a suspendu sa participation en octobre 1996. Le nouveau gouvernement travailliste s'est retiré quelques heures après son entrée en fonctions.",
        None,
    ),
    "Then recognised by NATO as 'the former Yugoslav Republic of Macedonia'": (
        "Then recognised by NATO as 'the former Yugoslav Republic of Macedonia'.",
        "Alors reconnue par l'OTAN sous le nom d'« ex-République yougoslave de Macédoine ».",
        None,
    ),
    "Last former Soviet republic to join PfP": (
        "Last former Soviet republic to join PfP.",
        "Dernière ancienne république soviétique à avoir rejoint le PPP.",
        None,
    ),
    "Invited at the Riga Summit, 29 November 2006": (
        "Invited at the Riga Summit, 29 November 2006.",
        "Invitation au sommet de Riga, le 29 novembre 2006.",
        None,
    ),
    "Re-activated at Malta's request": (
        "Re-activated at Malta's request (Cabinet decision of 20 March 2008) and welcomed by NATO Heads of State and Government at the Bucharest Summit.",
        "Réactivé à la demande de Malte (décision du Conseil des ministres du 20 mars 2008) et salué par les chefs d'État et de gouvernement de l'OTAN au sommet de Bucarest, qui se sont félicités de « la décision de Malte de réintégrer le programme du Partenariat pour la paix ».",
        None,
    ),
    # ---------------- md, ici
    "NATO (14 March 2000): the five initial partners": (
        "NATO (14 March 2000): the five initial partners 'joined in February 1995'. The North Atlantic Council decided to launch the Dialogue in December 1994.",
        "OTAN (14 mars 2000) : les cinq partenaires initiaux ont adhéré en février 1995. Le Conseil de l'Atlantique Nord a décidé de lancer le Dialogue en décembre 1994.",
        None,
    ),
    "NATO: Jordan 'joined in November 1995'": (
        "NATO: Jordan 'joined in November 1995'.",
        "OTAN : la Jordanie a adhéré en novembre 1995.",
        None,
    ),
    "NAC decided to invite Algeria on 16 February 2000": (
        "The North Atlantic Council decided to invite Algeria on 16 February 2000; NATO reported on 14 March 2000 that Algeria had accepted and become the seventh participant. Day not known.",
        "Le Conseil de l'Atlantique Nord a décidé d'inviter l'Algérie le 16 février 2000 ; l'OTAN a annoncé le 14 mars 2000 que l'Algérie avait accepté et devenait le septième participant. Jour inconnu.",
        None,
    ),
    "Gulf and Kuwaiti sources: Kuwait joined in December 2004": (
        "Gulf and Kuwaiti sources: Kuwait joined in December 2004, the first Gulf Cooperation Council state to do so. NATO's page says Bahrain, Kuwait and Qatar joined 'in the first three months of 2005'; the month is uncertain.",
        "Selon des sources du Golfe et koweïtiennes, le Koweït a adhéré en décembre 2004, premier État du Conseil de coopération du Golfe à le faire. La page de l'OTAN indique que Bahreïn, le Koweït et le Qatar ont adhéré au cours des trois premiers mois de 2005 ; le mois est incertain.",
        "secondary",
    ),
    "Joined February 2005 (Gulf News": (
        "Joined in February 2005 (Gulf News; NATO: 'first three months of 2005').",
        "Adhésion en février 2005 (Gulf News ; OTAN : au cours des trois premiers mois de 2005).",
        None,
    ),
    "NATO: 'On 22 June [2005], the United Arab Emirates": (
        "NATO: 'On 22 June [2005], the United Arab Emirates formally joined NATO's Istanbul Cooperation Initiative'.",
        "OTAN : le 22 juin 2005, les Émirats arabes unis ont formellement rejoint l'Initiative de coopération d'Istanbul de l'OTAN.",
        None,
    ),
    # ---------------- nrc, nuc
    "Decision: no end date. NATO suspended all practical cooperation with Russia": (
        "NATO suspended all practical cooperation with Russia on 1 April 2014 but kept the Council as a channel for dialogue (it met occasionally, for example in 2016-2019). Russia suspended its mission to NATO from about 1 November 2021 (announced on 18 October 2021). Since February 2022 there has been no cooperation, but the Council has not been dissolved and Russia has not withdrawn, so no end is recorded.",
        "L'OTAN a suspendu toute coopération pratique avec la Russie le 1er avril 2014 mais a conservé le Conseil comme canal de dialogue (il s'est réuni à quelques reprises, par exemple en 2016-2019). La Russie a suspendu sa mission auprès de l'OTAN à partir du 1er novembre 2021 environ (annonce du 18 octobre 2021). Depuis février 2022, il n'y a plus de coopération, mais le Conseil n'a pas été dissous et la Russie ne s'en est pas retirée : aucune fin n'est inscrite.",
        None,
    ),
    "Ended when the NATO-Ukraine Council": (
        "Ended when the NATO-Ukraine Council, in which Ukraine is an equal member, replaced the Commission: decided at the Vilnius Summit on 11 July 2023, inaugural meeting 12 July 2023.",
        "A pris fin lorsque le Conseil OTAN-Ukraine, où l'Ukraine est membre à part entière, a remplacé la Commission : décidé au sommet de Vilnius le 11 juillet 2023, réunion inaugurale le 12 juillet 2023.",
        None,
    ),
    # ---------------- global
    "NATO: 'initial contacts in the early 1990s'": (
        "NATO: 'initial contacts in the early 1990s'; the first NATO-Japan exchange was held in 1990. Joint political declaration April 2013; Individual Partnership and Cooperation Programme signed 6 May 2014.",
        "OTAN : premiers contacts au début des années 1990 ; le premier échange OTAN-Japon a eu lieu en 1990. Déclaration politique conjointe en avril 2013 ; programme de partenariat et de coopération individuel signé le 6 mai 2014.",
        None,
    ),
    "NATO: dialogue and cooperation 'since 2001'": (
        "NATO: dialogue and cooperation 'since 2001'. Individual Partnership and Cooperation Programme signed 4 June 2012.",
        "OTAN : dialogue et coopération depuis 2001. Programme de partenariat et de coopération individuel signé le 4 juin 2012.",
        None,
    ),
    "NATO: 'High-level dialogue with Australia": (
        "NATO: 'High-level dialogue with Australia has been ongoing since 2005'. Joint Political Declaration 14 June 2012; Individual Partnership and Cooperation Programme signed 21 February 2013.",
        "OTAN : un dialogue de haut niveau avec l'Australie est en cours depuis 2005. Déclaration politique conjointe du 14 juin 2012 ; programme de partenariat et de coopération individuel signé le 21 février 2013.",
        None,
    ),
    "NATO: 'engaged in dialogue and cooperation since 2005'. First IPCP": (
        "NATO: 'engaged in dialogue and cooperation since 2005'. First Individual Partnership and Cooperation Programme September 2012; Individually Tailored Partnership Programme July 2023.",
        "OTAN : dialogue et coopération depuis 2005. Premier programme de partenariat et de coopération individuel en septembre 2012 ; programme de partenariat individuel (ITPP) en juillet 2023.",
        None,
    ),
    "NATO: 'engaged in dialogue and cooperation since 2005'. IPCP approved": (
        "NATO: 'engaged in dialogue and cooperation since 2005'. Individual Partnership and Cooperation Programme approved by the North Atlantic Council on 19 March 2012; first Individually Tailored Partnership Programme in 2024.",
        "OTAN : dialogue et coopération depuis 2005. Programme de partenariat et de coopération individuel approuvé par le Conseil de l'Atlantique Nord le 19 mars 2012 ; premier programme de partenariat individuel (ITPP) en 2024.",
        None,
    ),
    "NATO: relations 'developed progressively": (
        "NATO: relations 'developed progressively since the Alliance assisted Pakistan following the devastating earthquake in 2005'. Cooperation runs through annual packages of activities.",
        "OTAN : les relations se sont développées progressivement depuis que l'Alliance a aidé le Pakistan après le séisme dévastateur de 2005. La coopération passe par des programmes annuels d'activités.",
        None,
    ),
    "Start: the NATO-Afghanistan Enduring Partnership declaration": (
        "Start: the NATO-Afghanistan Enduring Partnership declaration, Lisbon Summit. End: NATO suspended all cooperation after the Taliban took Kabul (15 August 2021); no single NATO act dates the suspension, hence the month.",
        "Début : la déclaration de partenariat durable OTAN-Afghanistan, sommet de Lisbonne. Fin : l'OTAN a suspendu toute coopération après la prise de Kaboul par les talibans (15 août 2021) ; aucun acte unique de l'OTAN ne date la suspension, d'où le mois.",
        None,
    ),
    "Partnership built on the NATO Training Mission-Iraq": (
        "Partnership built on the NATO Training Mission-Iraq (2004-2011, an operation, not a partnership); NATO has 'an Individual Partnership and Cooperation Programme with Iraq dating from 2012'.",
        "Partenariat fondé sur la Mission OTAN de formation en Iraq (2004-2011, une opération et non un partenariat) ; l'OTAN a un programme de partenariat et de coopération individuel avec l'Iraq datant de 2012.",
        None,
    ),
    "NATO: 'the relationship became an official partnership in May 2017": (
        "NATO: 'the relationship became an official partnership in May 2017 when Colombia signed an Individual Partnership and Cooperation Programme'; dialogue since 2013; presented as a partner across the globe at NATO Headquarters on 31 May 2018.",
        "OTAN : la relation est devenue un partenariat officiel en mai 2017, lorsque la Colombie a signé un programme de partenariat et de coopération individuel ; dialogue depuis 2013 ; présentée comme partenaire dans le monde au siège de l'OTAN le 31 mai 2018.",
        None,
    ),
    # ---------------- map, id, ipap
    "Joined the MAP at its launch": (
        "Joined the MAP at its launch (Washington Summit, April 1999) and stayed in it until accession.",
        "Participation au MAP dès son lancement (sommet de Washington, avril 1999) et jusqu'à l'adhésion.",
        None,
    ),
    "Granted at the Reykjavik foreign ministers' meeting, May 2002": (
        "Granted at the Reykjavik foreign ministers' meeting, May 2002.",
        "Accordé à la réunion des ministres des Affaires étrangères de Reykjavik, en mai 2002.",
        None,
    ),
    "Conditional: invited to join the MAP in Tallinn on 22 April 2010": (
        "Conditional: invited to join the MAP in Tallinn on 22 April 2010, but the Council would accept the first Annual National Programme only once immovable defence property was registered as state property.",
        "Sous condition : invitée à rejoindre le MAP à Tallinn le 22 avril 2010, mais le Conseil n'accepterait le premier programme national annuel qu'une fois les biens immobiliers de défense enregistrés comme propriété de l'État.",
        None,
    ),
    "Launched at the NATO-Ukraine Commission meeting in Vilnius": (
        "Launched at the NATO-Ukraine Commission meeting in Vilnius. Ukraine never moved to a MAP; at Vilnius in 2023 Allies removed the MAP requirement.",
        "Lancé à la réunion de la Commission OTAN-Ukraine à Vilnius. L'Ukraine n'est jamais passée au MAP ; à Vilnius en 2023, les Alliés ont levé l'exigence du MAP.",
        None,
    ),
    "Offered by the North Atlantic Council and announced at the New York": (
        "Offered by the North Atlantic Council and announced at the New York foreign ministers' meeting of 21 September 2006; first consultations on 14 December 2006. No MAP.",
        "Proposé par le Conseil de l'Atlantique Nord et annoncé à la réunion des ministres des Affaires étrangères de New York le 21 septembre 2006 ; premières consultations le 14 décembre 2006. Pas de MAP.",
        None,
    ),
    "Invited at Bucharest (3 April 2008); the ID began with the plenary meeting": (
        "Invited at Bucharest (3 April 2008); the dialogue began with the plenary meeting at NATO Headquarters on 24 June 2008 and ended when Montenegro joined the MAP.",
        "Invité à Bucarest (3 avril 2008) ; le dialogue a commencé par la réunion plénière au siège de l'OTAN le 24 juin 2008 et s'est achevé quand le Monténégro a rejoint le MAP.",
        None,
    ),
    "Invited at Bucharest (3 April 2008); the first working meeting opening the ID": (
        "Invited at Bucharest (3 April 2008); the first working meeting of the dialogue was held at NATO Headquarters on 9 September 2008. Ended with the conditional MAP invitation.",
        "Invitée à Bucarest (3 avril 2008) ; la première réunion de travail du dialogue s'est tenue au siège de l'OTAN le 9 septembre 2008. A pris fin avec l'invitation conditionnelle au MAP.",
        None,
    ),
    "First IPAP with NATO. Superseded": (
        "First IPAP with NATO. Superseded by the Annual National Programme run under the NATO-Georgia Commission after the foreign ministers' decision of 2-3 December 2008; the end year is an estimate.",
        "Premier IPAP avec l'OTAN. Remplacé par le programme national annuel conduit au sein de la Commission OTAN-Géorgie après la décision des ministres des Affaires étrangères des 2 et 3 décembre 2008 ; l'année de fin est une estimation.",
        "estimate",
    ),
    "Open: IPAPs are being replaced by ITPPs": (_IPAP_OPEN[0], _IPAP_OPEN[1], None),
    "Year only: NATO's current IPAP page": (
        "NATO's pages date this IPAP differently (February 2008, or work started in early 2008), hence the year only. Still open: conditional MAP since 2010, and no dated transition to an ITPP.",
        "Les pages de l'OTAN datent cet IPAP différemment (février 2008, ou travaux commencés début 2008), d'où l'année seule. Toujours ouvert : MAP conditionnel depuis 2010 et aucune transition datée vers un ITPP.",
        None,
    ),
    "Montenegro's government adopted the IPAP on 19 June 2008": (
        "Montenegro's government adopted the IPAP on 19 June 2008 and submitted it on 24 June; NATO agreed it in July 2008. Replaced by the MAP's Annual National Programmes when Montenegro joined the MAP (end estimated).",
        "Le gouvernement monténégrin a adopté l'IPAP le 19 juin 2008 et l'a soumis le 24 juin ; l'OTAN l'a approuvé en juillet 2008. Remplacé par les programmes nationaux annuels du MAP quand le Monténégro a rejoint le MAP (fin estimée).",
        "estimate",
    ),
    "First IPAP adopted by the North Atlantic Council on 15 January 2015": (
        "First IPAP adopted by the North Atlantic Council on 15 January 2015; second cycle 2019-2021. Serbia pursues military neutrality and does not seek membership.",
        "Premier IPAP adopté par le Conseil de l'Atlantique Nord le 15 janvier 2015 ; second cycle 2019-2021. La Serbie pratique la neutralité militaire et ne demande pas l'adhésion.",
        None,
    ),
    # ---------------- accession.yaml
    "Invited at the Madrid Summit to begin accession talks": (
        "Invited at the Madrid Summit to begin accession talks.",
        "Invitation, au sommet de Madrid, à engager des pourparlers d'adhésion.",
        None,
    ),
    "Instruments of accession deposited at Independence, Missouri.": (
        "Instruments of accession deposited at Independence, Missouri.",
        "Instruments d'adhésion déposés à Independence (Missouri).",
        None,
    ),
    "Per-Ally ratifications of the 1997 protocols are not recorded.": (
        "The Allies' individual ratifications of the 1997 protocols are not recorded.",
        "Les ratifications des protocoles de 1997 par chacun des Alliés ne sont pas enregistrées.",
        None,
    ),
    "Invited at the Prague Summit": (
        "Invited at the Prague Summit.",
        "Invitation au sommet de Prague.",
        None,
    ),
    "The seven protocols were ratified by the Allies largely together": (
        "The Allies ratified the seven protocols largely together; their individual dates are recorded only for Romania's protocol.",
        "Les Alliés ont ratifié les sept protocoles en grande partie ensemble ; leurs dates individuelles ne sont enregistrées que pour le protocole de la Roumanie.",
        None,
    ),
    "Canada was the first Ally to ratify": (
        "Canada was the first Ally to ratify (date of the Canadian ratification; its notification to the depositary may be later).",
        "Le Canada a été le premier Allié à ratifier (date de la ratification canadienne ; sa notification au dépositaire peut être postérieure).",
        None,
    ),
    "Per-Ally dates for Romania's protocol are the notifications": (
        "The Allies' dates for Romania's protocol are their notifications of acceptance listed in the Dutch Treaty Series (Trb. 2004, 107), except Canada's (ratification date). The protocol was in force by 27 February 2004.",
        "Les dates des Alliés pour le protocole de la Roumanie sont leurs notifications d'acceptation publiées au Recueil des traités néerlandais (Trb. 2004, 107), sauf celle du Canada (date de ratification). Le protocole était en vigueur au 27 février 2004.",
        None,
    ),
    "Bucharest Declaration para. 2: invited to begin accession talks.": (
        "Bucharest Summit Declaration, paragraph 2: invited to begin accession talks.",
        "Déclaration du sommet de Bucarest, paragraphe 2 : invitation à engager des pourparlers d'adhésion.",
        None,
    ),
    "Hungarian parliament vote (unanimous) on the Albanian and Croatian protocols": (
        "Unanimous vote of the Hungarian parliament on the Albanian and Croatian protocols, the first Ally. "
        + _P[0],
        "Vote unanime du Parlement hongrois sur les protocoles albanais et croate, premier Allié. "
        + _P[1],
        None,
    ),
    "Hungarian parliament vote (unanimous) on the Croatian and Albanian protocols": (
        "Unanimous vote of the Hungarian parliament on the Croatian and Albanian protocols, the first Ally. "
        + _P[0],
        "Vote unanime du Parlement hongrois sur les protocoles croate et albanais, premier Allié. "
        + _P[1],
        None,
    ),
    "President signed the instruments of ratification at the White House": (
        "The President signed the instruments of ratification at the White House, after the Senate's advice and consent; the deposit is not dated.",
        "Le Président a signé les instruments de ratification à la Maison-Blanche, après l'avis conforme du Sénat ; le dépôt n'est pas daté.",
        None,
    ),
    "Czech instrument of ratification deposited with the US Government": (_CZ[0], _CZ[1], None),
    "Month inferred: still outstanding on 11 February 2009": (_EST[0], _EST[1], "estimate"),
    "Reported by Tirana Times on 11 February 2009": (
        "Reported by Tirana Times on 11 February 2009; the deposit of the instrument is not dated.",
        "Annoncé par Tirana Times le 11 février 2009 ; le dépôt de l'instrument n'est pas daté.",
        None,
    ),
    "French Senate debate and vote": (
        "Vote of the French Senate on the bill already adopted by the National Assembly, which ended the parliamentary procedure; promulgation and deposit are not dated.",
        "Vote du Sénat sur le projet de loi déjà adopté par l'Assemblée nationale, qui a clos la procédure parlementaire ; la promulgation et le dépôt ne sont pas datés.",
        None,
    ),
    "Date the Slovenian National Assembly adopted the ratification law": (
        "Date the Slovenian National Assembly adopted the ratification law (unanimously); the deposit is not dated.",
        "Date à laquelle l'Assemblée nationale slovène a adopté la loi de ratification (à l'unanimité) ; le dépôt n'est pas daté.",
        None,
    ),
    "Greek parliament approval of the Albanian and Croatian protocols": (
        "Approval of the Albanian and Croatian protocols by the Greek parliament, the last Ally for Albania's protocol. "
        + _P[0],
        "Approbation des protocoles albanais et croate par le Parlement grec, dernier Allié pour le protocole de l'Albanie. "
        + _P[1],
        None,
    ),
    "Entry into force of the protocol (Czech MFA notice 49/2016": (
        "Entry into force of the protocol, on which the Secretary General invites the country to accede (Article I); the date of the letter itself is not known.",
        "Entrée en vigueur du protocole, à laquelle le Secrétaire général invite le pays à adhérer (article I) ; la date de la lettre elle-même n'est pas connue.",
        None,
    ),
    "Ratification gaps (16 of 26 Allies not dated)": (
        "16 of the 26 Allies' ratifications are not dated: Belgium, Bulgaria, Canada, Denmark, Germany, Spain, Estonia, the United Kingdom, Italy, Lithuania, Latvia, Norway, Poland, Romania, Slovakia and Turkey ratified between 15 September 2008 and 9 February 2009. The protocol entered into force on 27 March 2009, so all 26 Allies had ratified by then.",
        "16 des 26 ratifications des Alliés ne sont pas datées : la Belgique, la Bulgarie, le Canada, le Danemark, l'Allemagne, l'Espagne, l'Estonie, le Royaume-Uni, l'Italie, la Lituanie, la Lettonie, la Norvège, la Pologne, la Roumanie, la Slovaquie et la Turquie ont ratifié entre le 15 septembre 2008 et le 9 février 2009. Le protocole est entré en vigueur le 27 mars 2009 : les 26 Alliés avaient tous ratifié à cette date.",
        None,
    ),
    "Reykjavik foreign ministers' meeting; day not verified.": (
        "Reykjavik foreign ministers' meeting.",
        "Réunion des ministres des Affaires étrangères de Reykjavik.",
        None,
    ),
    "Italian Senate vote (Chamber of Deputies on 19 December 2008)": (
        "Vote of the Italian Senate (Chamber of Deputies on 19 December 2008), the 15th Ally. "
        + _P[0],
        "Vote du Sénat italien (Chambre des députés le 19 décembre 2008), 15e Allié. " + _P[1],
        None,
    ),
    "Month inferred: the Czech Republic deposited its instrument for Albania's protocol": (
        "Estimated month: the Czech Republic ratified the Albanian and Croatian protocols together and deposited its instrument for Albania's on 21 January 2009.",
        "Mois estimé : la République tchèque a ratifié ensemble les protocoles albanais et croate et a déposé son instrument pour celui de l'Albanie le 21 janvier 2009.",
        "estimate",
    ),
    "Year only: still outstanding on 9 February 2009": (_PY[0], _PY[1], None),
    "Month inferred: one Dutch approval bill covered both protocols": (
        _EST[0],
        _EST[1],
        "estimate",
    ),
    "Greek parliament approval of the Croatian and Albanian protocols": (
        "Approval of the Croatian and Albanian protocols by the Greek parliament. " + _P[0],
        "Approbation des protocoles croate et albanais par le Parlement grec. " + _P[1],
        None,
    ),
    "Parliament approved on 9 February 2009, but a referendum petition": (
        "Parliament approved on 9 February 2009, but a referendum petition delayed the instrument until late March 2009; Slovenia was the last Ally.",
        "Le Parlement a approuvé le 9 février 2009, mais une demande de référendum a retardé l'instrument jusqu'à fin mars 2009 ; la Slovénie a été le dernier Allié.",
        None,
    ),
    "Secretary General's invitation to Croatia, 30 March 2009.": (
        "Secretary General's invitation to Croatia, 30 March 2009.",
        "Invitation du Secrétaire général à la Croatie, 30 mars 2009.",
        None,
    ),
    "Ratification gaps (15 of 26 Allies not dated)": (
        "15 of the 26 Allies' ratifications are not dated: Bulgaria, Denmark, Spain, Estonia, Lithuania, Latvia, Norway, Poland, Romania, Slovakia and Turkey ratified between 15 September and 22 December 2008; the United Kingdom and Canada between 22 December 2008 and 9 February 2009; Belgium and Germany by 9 February 2009; Iceland, Luxembourg and Portugal in 2009. Slovenia was the last Ally (late March 2009).",
        "15 des 26 ratifications des Alliés ne sont pas datées : la Bulgarie, le Danemark, l'Espagne, l'Estonie, la Lituanie, la Lettonie, la Norvège, la Pologne, la Roumanie, la Slovaquie et la Turquie ont ratifié entre le 15 septembre et le 22 décembre 2008 ; le Royaume-Uni et le Canada entre le 22 décembre 2008 et le 9 février 2009 ; la Belgique et l'Allemagne avant le 9 février 2009 ; l'Islande, le Luxembourg et le Portugal en 2009. La Slovénie a été le dernier Allié (fin mars 2009).",
        None,
    ),
    "Invited at Bucharest (3 April 2008); first plenary ID meeting": (
        "Invited at Bucharest (3 April 2008); first plenary meeting of the dialogue at NATO Headquarters on 24 June 2008.",
        "Invité à Bucarest (3 avril 2008) ; première réunion plénière du dialogue au siège de l'OTAN le 24 juin 2008.",
        None,
    ),
    "Estimate: the Albanian vote was announced for 23 June 2016": (_EST[0], _EST[1], "estimate"),
    "Reported as ratified by 22 June 2016": (
        "Reported as ratified by 22 June 2016; day not known.",
        "Ratification annoncée au 22 juin 2016 ; jour inconnu.",
        None,
    ),
    "Parliament (Althingi) approval, the first Ally": (
        "Approval of the parliament (Althingi), the first Ally; the deposit is not dated.",
        "Approbation du Parlement (Althingi), premier Allié ; le dépôt n'est pas daté.",
        None,
    ),
    "Parliament approval; deposit date not verified.": (_P[0], _P[1], None),
    "Hungarian parliament vote (180 for), the third Ally": (
        "Vote of the Hungarian parliament (180 in favour), the third Ally; the deposit is not dated.",
        "Vote du Parlement hongrois (180 voix pour), troisième Allié ; le dépôt n'est pas daté.",
        None,
    ),
    "Estimate: not yet ratified on 22 June 2016": (_EST[0], _EST[1], "estimate"),
    "Parliament approved by 20 July 2016; President Duda": (
        "Parliament approved by 20 July 2016; President Duda signed the ratification law at the end of July 2016.",
        "Le Parlement a approuvé avant le 20 juillet 2016 ; le président Duda a signé la loi de ratification fin juillet 2016.",
        None,
    ),
    "Council of Ministers decision published in the Official Gazette on 9 September 2016": (
        "Council of Ministers decision published in the Official Gazette on 9 September 2016, with the approval sent to the depositary shortly after (the 8th Ally).",
        "Décision du Conseil des ministres publiée au Journal officiel le 9 septembre 2016, l'approbation étant transmise au dépositaire peu après (8e Allié).",
        None,
    ),
    "Estimate: expected in October 2016": (_EST[0], _EST[1], "estimate"),
    "Foreign Secretary signed the UK Instrument of Acceptance": (
        "The Foreign Secretary signed the UK instrument of acceptance in October 2016 (month estimated).",
        "Le ministre des Affaires étrangères a signé l'instrument d'acceptation du Royaume-Uni en octobre 2016 (mois estimé).",
        "estimate",
    ),
    "Estimate: not listed as done at the UK's instrument": (_EST[0], _EST[1], "estimate"),
    "Croatian Sabor vote (14th Ally)": (
        "Vote of the Croatian Sabor (14th Ally); the deposit is not dated.",
        "Vote du Sabor croate (14e Allié) ; le dépôt n'est pas daté.",
        None,
    ),
    "Completed its national procedure in December 2016": (
        "National procedure completed in December 2016; the day and the deposit are not dated.",
        "Procédure nationale achevée en décembre 2016 ; le jour et le dépôt ne sont pas datés.",
        None,
    ),
    "German instrument of acceptance deposited shortly before 5 May 2017": (
        "German instrument of acceptance deposited shortly before 5 May 2017 (reported that day).",
        "Instrument d'acceptation allemand déposé peu avant le 5 mai 2017 (annoncé ce jour-là).",
        None,
    ),
    "Completed its ratification at the beginning of January 2017": (
        "Ratification completed at the beginning of January 2017; the day and the deposit are not dated.",
        "Ratification achevée début janvier 2017 ; le jour et le dépôt ne sont pas datés.",
        None,
    ),
    "Parliamentary procedure completed towards the end of January 2017": (_PM[0], _PM[1], None),
    "Year only: listed as ratified after the Czech Republic": (_PY[0], _PY[1], None),
    "Year only: still expected when France and Portugal": (_PY[0], _PY[1], None),
    "Senate consent end of March 2017": (
        "Senate consent at the end of March 2017; the President signed the instrument in April 2017.",
        "Avis conforme du Sénat fin mars 2017 ; le Président a signé l'instrument en avril 2017.",
        None,
    ),
    "Spanish Senate approval; deposit date not verified.": (
        "Approval of the Spanish Senate; the deposit is not dated.",
        "Approbation du Sénat espagnol ; le dépôt n'est pas daté.",
        None,
    ),
    "The Dutch ratification act entered into force on 1 June 2017": (
        "The Dutch ratification act entered into force on 1 June 2017 and the notification followed before Montenegro's deposit on 5 June. Last Ally.",
        "La loi néerlandaise de ratification est entrée en vigueur le 1er juin 2017 et la notification a suivi avant le dépôt du Monténégro le 5 juin. Dernier Allié.",
        None,
    ),
    "Secretary General's invitation after the Dutch act": (
        "Secretary General's invitation, after the Dutch act entered into force (1 June 2017).",
        "Invitation du Secrétaire général, après l'entrée en vigueur de la loi néerlandaise (1er juin 2017).",
        None,
    ),
    "All 28 Allies are dated, but most only to the month or year": (
        "All 28 Allies' ratifications are dated, several only to the month or the year, from the order of ratification published by Montenegro's NATO Membership Council and the Dutch government's list of 10 February 2017; some months are estimates.",
        "Les ratifications des 28 Alliés sont toutes datées, plusieurs au mois ou à l'année seulement, d'après l'ordre de ratification publié par le Conseil monténégrin pour l'adhésion à l'OTAN et la liste du gouvernement néerlandais du 10 février 2017 ; certains mois sont estimés.",
        None,
    ),
    "Invited to begin accession talks once the Prespa agreement": (
        "Invited to begin accession talks once the Prespa agreement (17 June 2018) was being implemented. At Bucharest (3 April 2008) the invitation had been deferred until a mutually acceptable solution to the name issue was reached.",
        "Invitée à engager des pourparlers d'adhésion une fois l'accord de Prespa (17 juin 2018) en cours d'application. À Bucarest (3 avril 2008), l'invitation avait été différée jusqu'à une solution mutuellement acceptable à la question du nom.",
        None,
    ),
    "Hellenic Parliament vote (153-140), the first Ally": (
        "Vote of the Hellenic Parliament (153-140), the first Ally; the deposit is not dated.",
        "Vote du Parlement hellénique (153 contre 140), premier Allié ; le dépôt n'est pas daté.",
        None,
    ),
    "Albanian parliament vote; deposit date not verified.": (
        "Vote of the Albanian parliament; the deposit is not dated.",
        "Vote du Parlement albanais ; le dépôt n'est pas daté.",
        None,
    ),
    "Bulgarian National Assembly vote (140-0), the fourth Ally": (
        "Vote of the Bulgarian National Assembly (140-0), the fourth Ally; the deposit is not dated.",
        "Vote de l'Assemblée nationale bulgare (140 contre 0), quatrième Allié ; le dépôt n'est pas daté.",
        None,
    ),
    "Croatian Sabor vote (116-2), the fifth Ally": (
        "Vote of the Croatian Sabor (116-2), the fifth Ally. " + _P[0],
        "Vote du Sabor croate (116 contre 2), cinquième Allié. " + _P[1],
        None,
    ),
    "Montenegrin parliament vote on Friday 1 March 2019": (
        "Vote of the Montenegrin parliament on 1 March 2019, the sixth Ally. " + _P[0],
        "Vote du Parlement monténégrin le 1er mars 2019, sixième Allié. " + _P[1],
        None,
    ),
    "Romanian Senate vote (Wednesday 13 March 2019": (
        "Vote of the Romanian Senate, which concluded the parliamentary procedure after the Chamber of Deputies' vote of 27 February 2019; the seventh Ally. "
        + _P[0],
        "Vote du Sénat roumain, qui a conclu la procédure parlementaire après le vote de la Chambre des députés du 27 février 2019 ; septième Allié. "
        + _P[1],
        None,
    ),
    "Seimas vote (Xinhua, Vilnius, 14 March 2019)": (
        "Vote of the Seimas, the eighth Ally. " + _P[0],
        "Vote du Seimas, huitième Allié. " + _P[1],
        None,
    ),
    "Folketing vote on Tuesday 26 March 2019": (
        "Vote of the Folketing on 26 March 2019, the ninth Ally. " + _P[0],
        "Vote du Folketing le 26 mars 2019, neuvième Allié. " + _P[1],
        None,
    ),
    "Sejm vote on the ratification act (388-1)": (
        "Vote of the Sejm on the ratification act (388-1), the tenth Ally; the President signed the act at the end of April 2019. "
        + _P[0],
        "Vote de la Diète sur la loi de ratification (388 contre 1), dixième Allié ; le Président a signé la loi fin avril 2019. "
        + _P[1],
        None,
    ),
    "Saeima final reading of the ratification law": (
        "Final reading of the ratification law in the Saeima. " + _P[0],
        "Lecture finale de la loi de ratification à la Saeima. " + _P[1],
        None,
    ),
    "Slovak instrument of ratification deposited with the US Government": (
        "Slovak instrument of ratification deposited with the US Government (notice 99/2020 Z. z.; consent of the National Council on 4 April 2019, ratified by the President on 24 April 2019).",
        "Instrument de ratification slovaque déposé auprès du gouvernement des États-Unis (avis 99/2020 Z. z. ; approbation du Conseil national le 4 avril 2019, ratification par la Présidente le 24 avril 2019).",
        None,
    ),
    "Reported as approved in June 2019": (_PM[0], _PM[1], None),
    "Announced by the Norwegian MFA and reported on 6 June 2019": (
        "Announced by the Norwegian Ministry of Foreign Affairs and reported on 6 June 2019 (the 15th Ally); the day and the deposit are not dated.",
        "Annoncé par le ministère norvégien des Affaires étrangères et rapporté le 6 juin 2019 (15e Allié) ; le jour et le dépôt ne sont pas datés.",
        None,
    ),
    "Canada, the 18th Ally to ratify.": (
        "Canada, the 18th Ally to ratify.",
        "Le Canada, 18e Allié à ratifier.",
        None,
    ),
    "Senate advice and consent (91-2)": (
        "Senate advice and consent (91-2), reported as the 25th Ally to ratify; the deposit is not dated.",
        "Avis conforme du Sénat (91 contre 2), présenté comme la 25e ratification ; le dépôt n'est pas daté.",
        None,
    ),
    "Date of the Dutch approval act (Wet van 13 november 2019": (
        "Date of the Dutch approval act (Act of 13 November 2019, Stb. 2019, 420; in force on 18 November 2019); the notification is not dated.",
        "Date de la loi néerlandaise d'approbation (loi du 13 novembre 2019, Stb. 2019, 420 ; en vigueur le 18 novembre 2019) ; la notification n'est pas datée.",
        None,
    ),
    "Last Ally: Senate vote 17 March 2020": (
        "Last Ally: Senate vote on 17 March 2020; the protocol entered into force on 19 March 2020, which dates Spain's notification.",
        "Dernier Allié : vote du Sénat le 17 mars 2020 ; le protocole est entré en vigueur le 19 mars 2020, ce qui date la notification de l'Espagne.",
        None,
    ),
    "Name dispute: at Bucharest (3 April 2008)": (
        "At Bucharest (3 April 2008) Allies agreed to invite the country once a mutually acceptable solution to the name issue with Greece was reached. The Prespa agreement was signed on 17 June 2018; the protocol was signed for 'the Republic of North Macedonia' on 6 February 2019. 10 of the 29 Allies' ratifications are not dated (Slovenia, Belgium, the United Kingdom, Hungary, Italy, Luxembourg, Portugal, Türkiye, Iceland, France).",
        "À Bucarest (3 avril 2008), les Alliés sont convenus d'inviter le pays dès qu'une solution mutuellement acceptable à la question du nom avec la Grèce serait trouvée. L'accord de Prespa a été signé le 17 juin 2018 ; le protocole a été signé pour « la République de Macédoine du Nord » le 6 février 2019. 10 des 29 ratifications des Alliés ne sont pas datées (Slovénie, Belgique, Royaume-Uni, Hongrie, Italie, Luxembourg, Portugal, Türkiye, Islande, France).",
        None,
    ),
    "Invited at the Madrid Summit after applying on 18 May 2022.": (
        "Invited at the Madrid Summit after applying on 18 May 2022.",
        "Invitation au sommet de Madrid, après la demande d'adhésion du 18 mai 2022.",
        None,
    ),
    "Accession talks completed at NATO HQ in early July 2022": (
        "Accession talks completed at NATO Headquarters in early July 2022.",
        "Pourparlers d'adhésion achevés au siège de l'OTAN début juillet 2022.",
        None,
    ),
    "The final version of the NATO PA tracker gives 5 July 2022": (
        "Denmark announced on 5 July 2022 that it was ready to notify the depositary.",
        "Le Danemark a annoncé le 5 juillet 2022 qu'il était prêt à notifier le dépositaire.",
        None,
    ),
    "Senate 10 August, Chamber 27 August, President signed 31 August 2022": (
        "Senate on 10 August, Chamber on 27 August, signed by the President on 31 August 2022; the Czech instrument for Sweden's protocol was deposited on 19 September 2022.",
        "Sénat le 10 août, Chambre le 27 août, signature du Président le 31 août 2022 ; l'instrument tchèque pour le protocole de la Suède a été déposé le 19 septembre 2022.",
        None,
    ),
    "Spain's parliamentary approval came in September 2022": (_PM[0], _PM[1], None),
    "Parliament approved 27 September 2022; President Čaputová": (
        "Parliament approved on 27 September 2022; President Čaputová ratified on 28 September 2022.",
        "Le Parlement a approuvé le 27 septembre 2022 ; la présidente Čaputová a ratifié le 28 septembre 2022.",
        None,
    ),
    "Hungarian parliament vote (background date": (
        "Vote of the Hungarian parliament; Türkiye approved after Hungary.",
        "Vote du Parlement hongrois ; la Türkiye a approuvé après la Hongrie.",
        None,
    ),
    "Türkiye's instrument deposited with Secretary Blinken on 4 April 2023": (
        "Türkiye's instrument deposited with Secretary Blinken on 4 April 2023, bringing the protocol into force (parliament had approved on 30 March 2023).",
        "Instrument de la Türkiye déposé auprès du secrétaire d'État Blinken le 4 avril 2023, ce qui a fait entrer le protocole en vigueur (le Parlement avait approuvé le 30 mars 2023).",
        None,
    ),
    "Finland applied on 18 May 2022": (
        "Finland applied on 18 May 2022. Most ratification dates are the end of the national parliamentary procedure as tracked by the NATO Parliamentary Assembly, not the deposit of the instrument; Türkiye's is the deposit that brought the protocol into force on 4 April 2023.",
        "La Finlande a présenté sa demande le 18 mai 2022. La plupart des dates de ratification sont la fin de la procédure parlementaire nationale suivie par l'Assemblée parlementaire de l'OTAN, et non le dépôt de l'instrument ; celle de la Türkiye est le dépôt qui a fait entrer le protocole en vigueur le 4 avril 2023.",
        None,
    ),
    "Finland deposited its ratification of Sweden's protocol": (
        "Finland deposited its ratification of Sweden's protocol as its first act as an Ally, minutes after its own accession.",
        "La Finlande a déposé sa ratification du protocole de la Suède comme premier acte d'Allié, quelques minutes après sa propre adhésion.",
        None,
    ),
    "Grand National Assembly approved on 23 January 2024": (
        "The Grand National Assembly approved on 23 January 2024; the law was published in the Official Gazette on 25 January 2024. The deposit is not dated.",
        "La Grande Assemblée nationale a approuvé le 23 janvier 2024 ; la loi a été publiée au Journal officiel le 25 janvier 2024. Le dépôt n'est pas daté.",
        None,
    ),
    "Parliament approved on 26 February 2024; Hungary was the last Ally": (
        "Parliament approved on 26 February 2024; Hungary was the last Ally and the protocol entered into force on 7 March 2024, which dates its notification.",
        "Le Parlement a approuvé le 26 février 2024 ; la Hongrie a été le dernier Allié et le protocole est entré en vigueur le 7 mars 2024, ce qui date sa notification.",
        None,
    ),
    "Sweden applied on 18 May 2022": (
        "Sweden applied on 18 May 2022. 31 ratifications (the 30 Allies of July 2022 and Finland, an Ally from 4 April 2023). Most ratification dates are the end of the national parliamentary procedure as tracked by the NATO Parliamentary Assembly, not the deposit; Türkiye and Hungary were last.",
        "La Suède a présenté sa demande le 18 mai 2022. 31 ratifications (les 30 Alliés de juillet 2022 et la Finlande, Alliée depuis le 4 avril 2023). La plupart des dates de ratification sont la fin de la procédure parlementaire nationale suivie par l'Assemblée parlementaire de l'OTAN, et non le dépôt ; la Türkiye et la Hongrie ont été les dernières.",
        None,
    ),
    "At Bucharest (3 April 2008, Declaration para. 23) Allies agreed that Georgia": (
        "At Bucharest (3 April 2008, Declaration paragraph 23) Allies agreed that Georgia 'will become a member of NATO' and that MAP is the next step, but issued no invitation and no MAP. NATO-Georgia Commission since 15 September 2008; since December 2008 cooperation runs through an Annual National Programme. No invitation to date.",
        "À Bucarest (3 avril 2008, paragraphe 23 de la Déclaration), les Alliés sont convenus que la Géorgie « deviendra membre de l'OTAN » et que le MAP est la prochaine étape, sans invitation ni MAP. Commission OTAN-Géorgie depuis le 15 septembre 2008 ; depuis décembre 2008, la coopération passe par un programme national annuel. Aucune invitation à ce jour.",
        None,
    ),
    "At Bucharest (3 April 2008, Declaration para. 23) Allies agreed that Ukraine": (
        "At Bucharest (3 April 2008, Declaration paragraph 23) Allies agreed that Ukraine 'will become a member of NATO', without an invitation or a MAP. Ukraine applied for accelerated accession on 30 September 2022. At Vilnius (11 July 2023) Allies recognised that Ukraine's path 'has moved beyond the need for the Membership Action Plan' and created the NATO-Ukraine Council. No invitation to date.",
        "À Bucarest (3 avril 2008, paragraphe 23 de la Déclaration), les Alliés sont convenus que l'Ukraine « deviendra membre de l'OTAN », sans invitation ni MAP. L'Ukraine a demandé une adhésion accélérée le 30 septembre 2022. À Vilnius (11 juillet 2023), les Alliés ont reconnu que le parcours de l'Ukraine n'exige plus de plan d'action pour l'adhésion et ont créé le Conseil OTAN-Ukraine. Aucune invitation à ce jour.",
        None,
    ),
    "Invited at Bucharest (3 April 2008); first ID working meeting": (
        "Invited at Bucharest (3 April 2008); first working meeting of the dialogue at NATO Headquarters on 9 September 2008.",
        "Invitée à Bucarest (3 avril 2008) ; première réunion de travail du dialogue au siège de l'OTAN le 9 septembre 2008.",
        None,
    ),
    "Conditional MAP: the first Annual National Programme": (
        "Conditional MAP: the first Annual National Programme could be accepted only once immovable defence property was registered as state property.",
        "MAP sous condition : le premier programme national annuel ne pouvait être accepté qu'une fois les biens immobiliers de défense enregistrés comme propriété de l'État.",
        None,
    ),
    "No invitation to date. The conditional character": (
        "No invitation to date; the 2010 MAP decision was conditional.",
        "Aucune invitation à ce jour ; la décision de 2010 sur le MAP était assortie d'une condition.",
        None,
    ),
}
