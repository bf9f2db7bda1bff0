package fr.signalement.catalog;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A municipal service (or contractor) that fixes problems, with how citizens can reach it. */
@Entity
@Table(name = "service")
public class Service extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String code;
    public String name;
    public String email;
    public String phone;
    @Column(name = "postal_address")
    public String postalAddress;
    /** The pack (territory) that brought the service. */
    public String territory;
    /** Staff-only: the service's name in the organisation chart or the contract (e.g. SUBDI_HORO). */
    @Column(name = "internal_name")
    public String internalName;
    /** A communal service of an EPCI pack: the commune it serves; null for the whole territory. */
    @Column(name = "insee_code")
    public String inseeCode;
    /** CALENDAR: deadlines run round the clock; WORKING: only during the service's opening hours. */
    @Column(name = "deadline_mode")
    public String deadlineMode;
    /** INSTANT or DIGEST: how the service's staff hear of new alerts. */
    @Column(name = "staff_email_mode")
    public String staffEmailMode;
    /**
     * The GeoReport v2 endpoint of the organisation this service's reports belong to (a department,
     * a transport operator…): alerts forwarded from it are sent there (open311/Forwarding). Null: none.
     */
    @Column(name = "open311_endpoint")
    public String open311Endpoint;
    /** The api key that organisation gave the commune; never shown back. */
    @Column(name = "open311_api_key")
    public String open311ApiKey;
    @Column(name = "open311_jurisdiction")
    public String open311Jurisdiction;
}
